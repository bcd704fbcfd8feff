#if canImport(Glibc)
import Glibc
#endif

/// How `nexboard run` keeps its resident memory down, measured with `nexboard-bench memory`.
///
/// glibc gives each thread that meets a busy heap an arena of its own (up to 8 per core), and
/// keeps freed memory in them: with NIO's event loops, the cooperative pool and the database's
/// threads, that is tens of MiB resident that a small process never reuses. Two arenas serve its
/// concurrency; and after a poll cycle (which builds and drops the big snapshot), what was freed
/// goes back to the system.
public enum ProcessMemory {
    /// Caps glibc's malloc arenas; call first thing, before threads start.
    public static func limitArenas() {
        #if canImport(Glibc)
        _ = mallopt(M_ARENA_MAX, 2)
        #endif
    }

    /// Returns the heap's free memory to the system (after a poll cycle).
    public static func giveBack() {
        #if canImport(Glibc)
        _ = malloc_trim(0)
        #endif
    }
}
