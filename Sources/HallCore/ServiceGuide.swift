/// A service's guide (办事指南), published as the rules require (信息公开): what to bring, the
/// time limit the hall promises (承诺时限), the fees, whom to ask and whom to complain to.
public struct ServiceGuide: Sendable, Equatable, Codable {
    public var service: String
    /// The materials to bring, most important first: the ticket prints the first three.
    public var materials: [String]
    /// 承诺时限, as the hall words it: 即办, 5 个工作日 ...
    public var timeLimit: String
    public var fees: String
    public var enquiryPhone: String
    public var complaintPhone: String
    /// 事项编码 in the province's catalogue, when it has one.
    public var catalogueCode: String?

    public init(
        service: String, materials: [String], timeLimit: String, fees: String, enquiryPhone: String, complaintPhone: String,
        catalogueCode: String? = nil
    ) {
        self.service = service
        self.materials = materials
        self.timeLimit = timeLimit
        self.fees = fees
        self.enquiryPhone = enquiryPhone
        self.complaintPhone = complaintPhone
        self.catalogueCode = catalogueCode
    }

    /// What the ticket prints: 请备：身份证、社保卡、户口簿.
    public var materialsLine: String {
        materials.isEmpty ? "" : "请备：" + materials.prefix(3).joined(separator: "、")
    }
}
