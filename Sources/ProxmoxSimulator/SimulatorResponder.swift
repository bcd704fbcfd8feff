import HTTPTypes
import Hummingbird
import Logging

/// The Hummingbird responder: turns HTTP requests under `/api2/json` into `APIRequest`s and
/// answers as pve-api-daemon does (`{"data": ...}`, errors in the reason phrase).
struct SimulatorResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let router: any SimulatorRouting
    let logger: Logger
    static let apiPrefix = "/api2/json"

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let rawPath = request.uri.path
        let method = request.method.rawValue
        guard rawPath == Self.apiPrefix || rawPath.hasPrefix(Self.apiPrefix + "/") else {
            return Self.errorResponse(.notImplemented(method, rawPath))
        }
        var apiPath = String(rawPath.dropFirst(Self.apiPrefix.count))
        while apiPath.count > 1 && apiPath.hasSuffix("/") { apiPath.removeLast() }
        if apiPath.isEmpty { apiPath = "/" }
        let segments = apiPath.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        let query = request.uri.query.map { APIRequest.parseForm($0[...]) } ?? [:]

        var parameters = query
        if method == "POST" || method == "PUT" || method == "DELETE" {
            let body = try await request.collectBody(upTo: 1 << 20)
            let bytes = Array(body.readableBytesView)
            if !bytes.isEmpty {
                let contentType = request.headers[.contentType] ?? ""
                let bodyParameters = contentType.contains("json")
                    ? APIRequest.parseJSONObject(bytes)
                    : APIRequest.parseForm(String(decoding: bytes, as: UTF8.self)[...])
                parameters.merge(bodyParameters) { _, new in new }
            }
        }
        let apiRequest = APIRequest(
            method: method,
            path: apiPath,
            segments: segments,
            query: query,
            parameters: parameters,
            authorization: request.headers[.authorization],
            cookieTicket: APIRequest.ticket(fromCookieHeader: request.headers[.cookie]),
            csrfToken: request.headers[HTTPField.Name("CSRFPreventionToken")!]
        )
        do throws(SimulatorAPIError) {
            let answer = try await router.handle(apiRequest)
            var members: [(String, JSONValue)] = [("data", answer.data)]
            if let total = answer.total { members.append(("total", .int(total))) }
            return Self.jsonResponse(status: .ok, body: .object(members))
        } catch {
            logger.debug("Simulated API error", metadata: [
                "method": "\(method)", "path": "\(apiPath)", "status": "\(error.status)", "message": "\(error.message)",
            ])
            return Self.errorResponse(error)
        }
    }

    static func errorResponse(_ error: SimulatorAPIError) -> Response {
        var members: [(String, JSONValue)] = [("data", .null), ("message", .string(error.message + "\n"))]
        if let errors = error.errors {
            members.append(("errors", .object(errors.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        var response = jsonResponse(status: .init(code: error.status, reasonPhrase: error.message), body: .object(members))
        response.headers[HTTPField.Name(ReasonPhraseRestorer.headerName)!] = error.message
        return response
    }

    static func jsonResponse(status: HTTPResponse.Status, body: JSONValue) -> Response {
        let bytes = body.serialized(reservingCapacity: 4_096)
        var headers = HTTPFields()
        headers[.contentType] = "application/json;charset=UTF-8"
        headers[.cacheControl] = "max-age=0"
        headers[HTTPField.Name("Pragma")!] = "no-cache"
        headers[.contentLength] = String(bytes.count)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
