#if canImport(Glibc)
import Glibc
import NexBoard
import Testing

/// glibc's malloc as `nexboard run` sets it up (`ProcessMemory`).
@Suite("Process memory")
struct ProcessMemoryTests {
    /// Bytes usable in the block at `pointer`: a block glibc mapped on its own is rounded to whole
    /// pages (4 KiB) less its 16-byte header; a block from an arena only to 16 bytes.
    func usableSize(_ pointer: UnsafeMutableRawPointer) throws -> Int {
        let symbol = try #require(dlsym(dlopen(nil, RTLD_NOW), "malloc_usable_size"))
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutableRawPointer) -> Int).self)(pointer)
    }

    @Test("after the set-up, a block of 1 MiB gets a mapping of its own, also after a bigger one was freed")
    func bigBlocksAreMapped() throws {
        // Freeing a mapped 8 MiB block raises glibc's own threshold above 1 MiB.
        free(malloc(8 << 20))
        ProcessMemory.configureMalloc()
        let block = try #require(malloc(1 << 20))
        defer { free(block) }
        #expect(try usableSize(block) == (1 << 20) + 4096 - 16)
    }
}
#endif
