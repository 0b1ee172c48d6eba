internal import CMalloc

/// How a command that decodes many clips in a row asks glibc's malloc to keep its buffers.
enum AudioBatchMemory {
    /// Keeps freed clip-sized buffers (a 5-second clip decodes to 0.9 MB of samples) in the heap for
    /// the next clip instead of unmapping them, so each clip no longer faults in fresh pages: page
    /// faults over 500 clips 111,000 → 6,500, system time 0.5 → 0.2 s of a 3 s batch. The memory
    /// kept is bounded by the largest clip's buffers per extraction thread. The server keeps
    /// glibc's other way (TagmineServer.run): its buffers are freed on other threads.
    static func keepFreedBuffers() {
        mallopt(M_MMAP_THRESHOLD, 64 << 20)
        mallopt(M_TRIM_THRESHOLD, 256 << 20)
    }
}
