/// One matter (事项) handled on a visit, with how it ended: a comprehensive window (一窗受理)
/// may handle several on one ticket, and each counts in the figures.
public struct Matter: Sendable, Equatable, Hashable, Codable {
    /// How a matter ended at the window.
    public enum Outcome: String, Sendable, CaseIterable, Codable {
        /// 办结: done and closed at the window.
        case completed = "办结"
        /// 受理: accepted, to be decided later.
        case accepted = "受理"
        /// 补正告知: the citizen was told what to bring or correct.
        case correctionNotice = "补正告知"
        /// 咨询: an enquiry only.
        case consultation = "咨询"
        /// 不予受理: not accepted.
        case rejected = "不予受理"
    }

    /// The service id the matter belongs to.
    public var service: String
    public var outcome: Outcome

    public init(service: String, outcome: Outcome) {
        self.service = service
        self.outcome = outcome
    }
}
