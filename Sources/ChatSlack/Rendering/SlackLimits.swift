/// Slack's Block Kit limits (shared/reference/slack/docs: blocks, block elements, composition
/// objects), counted in characters as Slack counts them.
public enum SlackLimits {
    public static let blocksPerMessage = 50
    public static let textObject = 3000
    public static let header = 150
    public static let fieldsPerSection = 10
    public static let fieldText = 2000
    public static let contextElements = 10
    public static let elementsPerActions = 25
    public static let buttonText = 75
    public static let buttonValue = 2000
    public static let confirmTitle = 100
    public static let confirmText = 300
    public static let confirmButton = 30
    /// The `text` fallback NexBoard sends: a summary, well under Slack's 40,000.
    public static let fallbackText = 3000
    /// The largest text file NexBoard uploads (Slack takes up to 1 GB; a chat log past this is split).
    public static let fileBytes = 8 * 1024 * 1024
}
