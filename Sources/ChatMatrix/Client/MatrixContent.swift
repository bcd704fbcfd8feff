/// The content of an `m.room.message` NexBoard sends: a notice (bots send notices, which other bots
/// ignore) with HTML, its relation (a rich reply, a thread, an edit) and whom it mentions.
public struct MatrixMessageContent: Codable, Sendable, Equatable {
    public var msgtype: String
    public var body: String
    public var format: String?
    public var formattedBody: String?
    public var relatesTo: MatrixRelation?
    /// Who is pinged: nobody unless it answers that person (`user_ids`).
    public var mentions: MatrixMentions?
    /// An edit's replacement content.
    public var newContent: NewContent?

    /// The replacement in an edit: the message as it now reads.
    public struct NewContent: Codable, Sendable, Equatable {
        public var msgtype: String
        public var body: String
        public var format: String?
        public var formattedBody: String?
        public var mentions: MatrixMentions?

        enum CodingKeys: String, CodingKey {
            case msgtype, body, format, formattedBody = "formatted_body", mentions = "m.mentions"
        }
    }

    public init(msgtype: String = "m.notice", body: String, html: String?, relatesTo: MatrixRelation? = nil,
                mentions: MatrixMentions = MatrixMentions(), newContent: NewContent? = nil) {
        self.msgtype = msgtype
        self.body = body
        self.format = html == nil ? nil : Self.htmlFormat
        self.formattedBody = html
        self.relatesTo = relatesTo
        self.mentions = mentions
        self.newContent = newContent
    }

    public static let htmlFormat = "org.matrix.custom.html"

    /// An edit of `event`: the fallback body starts with `* `, the new content replaces the old.
    public static func edit(of event: String, body: String, html: String) -> MatrixMessageContent {
        MatrixMessageContent(
            body: "* " + body, html: "* " + html, relatesTo: MatrixRelation(relType: "m.replace", eventID: event),
            newContent: NewContent(msgtype: "m.notice", body: body, format: htmlFormat, formattedBody: html, mentions: MatrixMentions()))
    }

    enum CodingKeys: String, CodingKey {
        case msgtype, body, format, formattedBody = "formatted_body", relatesTo = "m.relates_to", mentions = "m.mentions",
             newContent = "m.new_content"
    }
}

/// An `m.image` message: a picture uploaded to the media repository, with its alt text as the body,
/// in the same room and relation as the text it goes with.
public struct MatrixImageContent: Codable, Sendable, Equatable {
    /// What the picture's `info` says: its type, size in bytes and dimensions in pixels.
    public struct Info: Codable, Sendable, Equatable {
        public var mimetype: String
        public var size: Int
        public var w: Int?
        public var h: Int?
    }

    public var msgtype = "m.image"
    /// The alt text (a caption, since `filename` is given).
    public var body: String
    public var filename: String
    /// `mxc://server/media-id`.
    public var url: String
    public var info: Info
    public var relatesTo: MatrixRelation?
    public var mentions = MatrixMentions()

    public init(body: String, filename: String, url: String, info: Info, relatesTo: MatrixRelation?) {
        self.body = body
        self.filename = filename
        self.url = url
        self.info = info
        self.relatesTo = relatesTo
    }

    enum CodingKeys: String, CodingKey {
        case msgtype, body, filename, url, info, relatesTo = "m.relates_to", mentions = "m.mentions"
    }
}

/// `m.relates_to`: a rich reply (`m.in_reply_to`), a thread, an edit, an annotation (reaction).
public struct MatrixRelation: Codable, Sendable, Equatable {
    public struct InReplyTo: Codable, Sendable, Equatable {
        public var eventID: String
        enum CodingKeys: String, CodingKey { case eventID = "event_id" }
    }

    public var relType: String?
    public var eventID: String?
    public var key: String?
    public var isFallingBack: Bool?
    public var inReplyTo: InReplyTo?

    public init(relType: String? = nil, eventID: String? = nil, key: String? = nil, isFallingBack: Bool? = nil, inReplyTo: String? = nil) {
        self.relType = relType
        self.eventID = eventID
        self.key = key
        self.isFallingBack = isFallingBack
        self.inReplyTo = inReplyTo.map(InReplyTo.init)
    }

    /// A rich reply to `event`.
    public static func reply(to event: String) -> MatrixRelation {
        MatrixRelation(inReplyTo: event)
    }

    /// A message in the thread under `root`, replying to `event` in it.
    public static func thread(root: String, replyingTo event: String) -> MatrixRelation {
        MatrixRelation(relType: "m.thread", eventID: root, isFallingBack: true, inReplyTo: event)
    }

    enum CodingKeys: String, CodingKey {
        case relType = "rel_type", eventID = "event_id", key, isFallingBack = "is_falling_back", inReplyTo = "m.in_reply_to"
    }
}

/// `m.mentions`: present and empty means "this pings nobody".
public struct MatrixMentions: Codable, Sendable, Equatable {
    public var userIDs: [String]

    public init(userIDs: [String] = []) {
        self.userIDs = userIDs
    }

    enum CodingKeys: String, CodingKey { case userIDs = "user_ids" }
}

/// An `m.reaction`: an annotation `key` on `event`.
public struct MatrixReactionContent: Codable, Sendable, Equatable {
    public var relatesTo: MatrixRelation

    public init(event: String, key: String) {
        self.relatesTo = MatrixRelation(relType: "m.annotation", eventID: event, key: key)
    }

    enum CodingKeys: String, CodingKey { case relatesTo = "m.relates_to" }
}
