/// The nation (民族) codes of GB 3304 used on resident ID cards.
public enum Nation {
    static let names = [
        "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣",
        "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗",
        "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京",
        "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
    ]

    /// The name for a code, `01` -> 汉; nil for a code not in the table.
    public static func name(_ code: Int) -> String? {
        switch code {
        case 1...56: names[code - 1]
        case 97: "其他"
        case 98: "外国血统中国籍人士"
        default: nil
        }
    }
}

/// Sex codes of GB/T 2261.1 on the card.
public enum Sex: Int, Sendable, Equatable {
    case unknown = 0
    case male = 1
    case female = 2
    case unspecified = 9

    public var nameZh: String {
        switch self {
        case .unknown: "未知"
        case .male: "男"
        case .female: "女"
        case .unspecified: "未说明"
        }
    }
}
