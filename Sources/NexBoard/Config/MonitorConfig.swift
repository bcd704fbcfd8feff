/// How `monitor node`, `monitor vm` and `monitor query` draw their graphs (`monitor`).
public struct MonitorConfig: Sendable, Equatable {
    /// Also a PNG picture of each graph where the platform shows images (`monitor.images`, default
    /// false): Discord attaches it to the embed, Matrix posts it after the text. The text graph stays
    /// in the reply either way.
    public var images: Bool

    public init(images: Bool = false) {
        self.images = images
    }
}
