/// Which Pi-hole API a client speaks: v6's REST API under `/api` (FTL sessions) or v5's
/// `admin/api.php` (a static API token). `detect` asks the server once, at the first call.
public enum PiHoleAPIVersion: String, Sendable, CaseIterable {
    case v5 = "5"
    case v6 = "6"
    case detect = "auto"
}
