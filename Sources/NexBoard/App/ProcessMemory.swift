#if canImport(Glibc)
import Glibc
#endif

/// How `nexboard run` keeps its resident memory down, measured with `nexboard-bench memory`.
///
/// glibc gives each thread that meets a busy heap an arena of its own (up to 8 per core), and
/// keeps freed memory in them: with NIO's event loops, the cooperative pool and the database's
/// threads, that is MiB resident that a small process never reuses. Two arenas serve its
/// concurrency. A poll cycle at 10,000 guests builds blocks of MiB (the response body, the decoded
/// resources, the snapshot's arrays): glibc would serve the first from mmap, then raise its mmap
/// threshold to their size and keep the following ones in the arenas, where they stay resident
/// between cycles and fragment them; a fixed threshold keeps every block of 256 KiB or more in a
/// mapping of its own, unmapped when freed. After a poll cycle, what was freed in the arenas goes
/// back to the system. Glibc's module does not export malloc.h: the two functions are looked up
/// by name (on another C library, nothing happens).
public enum ProcessMemory {
    /// Caps glibc's malloc arenas and fixes its mmap threshold; call first thing, before threads start.
    public static func configureMalloc() {
        #if canImport(Glibc)
        let mArenaMax: Int32 = -8, mMmapThreshold: Int32 = -3
        let mallopt = function("mallopt", as: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt?(mArenaMax, 2)
        _ = mallopt?(mMmapThreshold, 256 * 1024)
        #endif
    }

    /// Returns the heap's free memory to the system (after a poll cycle).
    public static func giveBack() {
        #if canImport(Glibc)
        _ = function("malloc_trim", as: (@convention(c) (Int) -> Int32).self)?(0)
        #endif
    }

    #if canImport(Glibc)
    private static func function<T>(_ name: String, as type: T.Type) -> T? {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }
    #endif
}
