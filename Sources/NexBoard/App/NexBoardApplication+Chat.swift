import Alerting
import ChatKit
import Foundation
import Hummingbird
import HTTPTypes
import Logging
import Metrics
import NexBoardCore
import WebPage

extension NexBoardApplication {
    /// Puts a chat platform in its adapter shell: its health is `chat:<id>` on `/healthz`, and
    /// notifications for `<id>:<channel>` subscriptions are its channel messages, edited when they resolve.
    static func attach(_ platform: any ChatPlatform, dedupe: InboundDedupe, sinks: NotificationSinks, health: HealthRegistry,
                       clock: AnyClock, logger: Logger) async -> ChatAdapter {
        let component = "chat:\(platform.id)"
        await health.report(component, .starting)
        await registerChannels(of: platform, on: sinks)
        let connected = Gauge(label: MetricFamily.chatConnected.name, dimensions: [("platform", platform.id)])
        let reconnects = Counter(label: MetricFamily.chatReconnects.name, dimensions: [("platform", platform.id)])
        return ChatAdapter(platform: platform, runner: ReconnectRunner(clock: clock), dedupe: dedupe, health: { state in
            connected.record(state == .up ? 1 : 0)
            if case .reconnecting = state { reconnects.increment() }
            switch state {
            case .up: await health.report(component, .ok)
            case .upNoting(let detail): await health.report(component, .ok, detail: detail)
            case .reconnecting(let attempt): await health.report(component, attempt > 2 ? .degraded : .starting, detail: "reconnecting")
            case .down(let reason): await health.report(component, .down, detail: reason)
            }
        }, logger: logger)
    }

    /// Notifications for `<id>:<channel>` subscriptions become the platform's channel messages,
    /// posted with their outbox key and edited when they change.
    static func registerChannels(of platform: any ChatPlatform, on sinks: NotificationSinks) async {
        guard let channels = platform.channels else { return }
        await sinks.register(platform.id, ChatSink(
            pace: platform.pace,
            send: { message, channel, key in try await channels.post(message, to: channel, key: key).value },
            edit: { handle, message, channel in try await channels.edit(ReplyHandle(handle), message, in: channel) }))
    }

    /// Delivers notifications for `<id>:<channel>` subscriptions to `platform`, a platform running
    /// outside the application (tests run one in its own adapter against a fake).
    public func deliverNotifications(to platform: any ChatPlatform) async {
        await Self.registerChannels(of: platform, on: notificationSinks)
    }

    /// A platform's route on the HTTP page.
    static func mount(_ route: ChatHTTPRoute, on router: Router<WebPageRequestContext>) {
        router.on(RouterPath(stringLiteral: route.path), method: HTTPRequest.Method(route.method) ?? .post) { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: route.maximumBodySize)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let answer = await route.handle(ChatHTTPRequest(headers: headers, body: Data(buffer.readableBytesView)))
            return Response(status: .init(code: answer.status), headers: [.contentType: answer.contentType],
                            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
    }
}
