import CCurl

#if canImport(Glibc)
import Glibc
#endif

/// libcurl, opened when the first email is sent. NexBoard does not link it: a process that sends no
/// email never maps it, nor the libraries it loads in turn (TLS, Kerberos, LDAP…: 5.5 MiB resident).
/// The functions CurlTransfer calls are found by name; curl_easy_setopt, which is variadic, through
/// CCurl's wrappers, one per kind of argument.
struct CurlLibrary: @unchecked Sendable {  // immutable; its pointers lead into a library that is never closed
    typealias Handle = UnsafeMutableRawPointer
    typealias List = UnsafeMutablePointer<curl_slist>

    /// Why libcurl cannot be used.
    enum Unavailable: Error, Equatable {
        /// dlopen or dlsym failed: its text.
        case missing(String)
        /// curl_global_init failed with this code.
        case cannotStart(Int)
    }

    /// The library as the process uses it, opened and set up (curl_global_init) at its first use,
    /// once: a static `let` is initialised exactly once, thread-safely. Never closed.
    static let shared = open("libcurl.so.4")

    let easyInit: @convention(c) () -> Handle?
    let easyCleanup: @convention(c) (Handle?) -> Void
    let easyPerform: @convention(c) (Handle?) -> CURLcode
    private let easyStrerror: @convention(c) (CURLcode) -> UnsafePointer<CChar>?
    let slistAppend: @convention(c) (List?, UnsafePointer<CChar>?) -> List?
    let slistFreeAll: @convention(c) (List?) -> Void
    /// curl_easy_setopt: passed to CCurl's `nb_curl_setopt_*` and `nb_curl_set_*` wrappers.
    let setopt: UnsafeMutableRawPointer

    /// Opens the library `name` (as dlopen looks it up) and sets it up.
    static func open(_ name: String) -> Result<CurlLibrary, Unavailable> {
        guard let library = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { return .failure(.missing(lastError())) }
        func function<T>(_ symbol: String, as type: T.Type) throws(Unavailable) -> T {
            guard let address = dlsym(library, symbol) else { throw .missing(lastError()) }
            return unsafeBitCast(address, to: type)
        }
        do throws(Unavailable) {
            let globalInit = try function("curl_global_init", as: (@convention(c) (Int) -> CURLcode).self)
            let curl = try CurlLibrary(
                easyInit: function("curl_easy_init", as: (@convention(c) () -> Handle?).self),
                easyCleanup: function("curl_easy_cleanup", as: (@convention(c) (Handle?) -> Void).self),
                easyPerform: function("curl_easy_perform", as: (@convention(c) (Handle?) -> CURLcode).self),
                easyStrerror: function("curl_easy_strerror", as: (@convention(c) (CURLcode) -> UnsafePointer<CChar>?).self),
                slistAppend: function("curl_slist_append", as: (@convention(c) (List?, UnsafePointer<CChar>?) -> List?).self),
                slistFreeAll: function("curl_slist_free_all", as: (@convention(c) (List?) -> Void).self),
                setopt: function("curl_easy_setopt", as: UnsafeMutableRawPointer.self))
            let started = globalInit(nb_curl_global_default)
            return started == CURLE_OK ? .success(curl) : .failure(.cannotStart(Int(started.rawValue)))
        } catch {
            return .failure(error)
        }
    }

    /// libcurl's text for a result code.
    func text(for code: CURLcode) -> String {
        easyStrerror(code).map { String(cString: $0) } ?? "curl error \(code.rawValue)"
    }

    private static func lastError() -> String {
        dlerror().map { String(cString: $0) } ?? "unknown error"
    }
}
