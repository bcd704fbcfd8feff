/// Where an observed value stands: at or over the threshold, between the thresholds, or cleared.
public enum AlertCondition: String, Sendable, Hashable, Codable {
    case breaching
    /// Between the clear threshold and the threshold: a firing alert keeps firing, a pending one is dropped.
    case holding
    case clear
}
