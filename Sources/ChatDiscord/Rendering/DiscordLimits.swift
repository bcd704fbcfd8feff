/// Discord's documented message limits (resources/message.mdx, components reference).
/// The renderer stays within them and the fake Discord rejects anything over them.
public enum DiscordLimits {
    public static let content = 2000
    public static let embedsPerMessage = 10
    public static let embedTitle = 256
    public static let embedDescription = 4096
    public static let fieldsPerEmbed = 25
    public static let fieldName = 256
    public static let fieldValue = 1024
    public static let footerText = 2048
    /// Sum of title, description, field names and values, footer over all embeds of a message.
    public static let embedTotal = 6000
    public static let buttonsPerRow = 5
    public static let actionRows = 5
    public static let buttonLabel = 80
    public static let customID = 100
    /// Everything uploaded in one request, for a bot in a server without boosts (reference.mdx, "Uploading Files").
    public static let uploadBytesPerRequest = 10 * 1024 * 1024
    /// The size NexBoard keeps each file under: a longer output is split into several files, one per message.
    public static let fileBytes = 8 * 1024 * 1024
    public static let attachmentsPerMessage = 10
    public static let attachmentDescription = 1024

    /// Every limit the payload breaks, as readable sentences; empty when it is valid.
    public static func violations(of payload: DiscordMessagePayload) -> [String] {
        var problems: [String] = []
        if let content = payload.content, content.utf16.count > Self.content {
            problems.append("content has \(content.utf16.count) characters (max \(Self.content))")
        }
        let embeds = payload.embeds ?? []
        if embeds.count > embedsPerMessage { problems.append("\(embeds.count) embeds (max \(embedsPerMessage))") }
        var total = 0
        for (index, embed) in embeds.enumerated() {
            total += embed.characterCount
            if (embed.title?.utf16.count ?? 0) > embedTitle { problems.append("embed \(index) title too long") }
            if (embed.description?.utf16.count ?? 0) > embedDescription {
                problems.append("embed \(index) description has \(embed.description!.utf16.count) characters (max \(embedDescription))")
            }
            if (embed.footer?.text.utf16.count ?? 0) > footerText { problems.append("embed \(index) footer too long") }
            let fields = embed.fields ?? []
            if fields.count > fieldsPerEmbed { problems.append("embed \(index) has \(fields.count) fields (max \(fieldsPerEmbed))") }
            for field in fields {
                if field.name.isEmpty || field.name.utf16.count > fieldName { problems.append("embed \(index) field name length \(field.name.utf16.count)") }
                if field.value.isEmpty || field.value.utf16.count > fieldValue { problems.append("embed \(index) field value length \(field.value.utf16.count)") }
            }
        }
        if total > embedTotal { problems.append("embeds total \(total) characters (max \(embedTotal))") }
        let rows = payload.components ?? []
        if rows.count > actionRows { problems.append("\(rows.count) action rows (max \(actionRows))") }
        for row in rows {
            if row.components.isEmpty || row.components.count > buttonsPerRow {
                problems.append("an action row has \(row.components.count) buttons (1...\(buttonsPerRow))")
            }
            for button in row.components {
                if button.label.utf16.count > buttonLabel { problems.append("button label too long") }
                if button.customID.isEmpty || button.customID.utf16.count > customID {
                    problems.append("custom_id has \(button.customID.utf16.count) characters (1...\(customID))")
                }
            }
        }
        problems += fileViolations(of: payload)
        if (payload.content ?? "").isEmpty && embeds.isEmpty && rows.isEmpty && payload.files.isEmpty {
            problems.append("message has no content, embeds, components or files")
        }
        return problems
    }

    /// Files and their `attachments` entries: one entry per file with `id` = its index, and the
    /// upload within Discord's size limit. NexBoard never keeps an old attachment through an edit,
    /// so an entry without a file (an existing attachment's snowflake) counts as a mistake.
    static func fileViolations(of payload: DiscordMessagePayload) -> [String] {
        var problems: [String] = []
        let attachments = payload.attachments ?? []
        if payload.files.count > attachmentsPerMessage {
            problems.append("\(payload.files.count) files (max \(attachmentsPerMessage))")
        }
        let newIDs = Set(payload.files.indices)
        for attachment in attachments where !newIDs.contains(attachment.id) {
            problems.append("attachment id \(attachment.id) has no files[\(attachment.id)]")
        }
        for index in payload.files.indices where !attachments.contains(where: { $0.id == index }) {
            problems.append("files[\(index)] has no attachments entry")
        }
        for attachment in attachments where (attachment.description?.utf16.count ?? 0) > attachmentDescription {
            problems.append("attachment \(attachment.id) description too long")
        }
        let bytes = payload.files.reduce(0) { $0 + $1.data.count }
        if bytes > uploadBytesPerRequest {
            problems.append("files total \(bytes) bytes (max \(uploadBytesPerRequest))")
        }
        return problems
    }
}
