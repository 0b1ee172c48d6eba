import Foundation
import Records

/// Reads a catalogue's records on a thread of its own, a few batches ahead of the import writing
/// them: parsing, tag splitting, normalising and laying out the text to bind overlap SQLite's work
/// instead of adding to it.
///
/// The reader belongs to the prefetcher's thread from `init` until ``finish()`` returns its
/// warnings; the writer takes batches with ``next()`` and, if it fails, calls ``finish()`` to stop
/// the thread before the error leaves the import.
final class RecordPrefetcher: @unchecked Sendable {
    private let condition = NSCondition()
    /// Read batches not yet taken, oldest first. Guarded by `condition`.
    private var ready: [TrackBatch] = []
    /// Batches the writer is done with, freed on the reading thread. Guarded by `condition`.
    private var spent: [TrackBatch] = []
    /// The reader's error, handed to the writer after the batches read before it.
    private var failure: CatalogError?
    private var exhausted = false
    private var stopped = false
    private var warnings: [CatalogWarning]?
    private let depth: Int

    /// Starts reading `reader` on a new thread in batches of `batchSize`, at most `depth` ahead.
    init(reader: consuming any CatalogReader, batchSize: Int = 1_024, depth: Int = 8) {
        self.depth = depth
        let box = ReaderBox(reader)
        Thread.detachNewThread { [self] in read(box, batchSize: batchSize) }
    }

    private func read(_ box: ReaderBox, batchSize: Int) {
        var reader = box.reader
        var error: CatalogError?
        reading: while true {
            var batch = TrackBatch(capacity: batchSize)
            do {
                while batch.count < batchSize, let record = try reader.next() { batch.append(record) }
            } catch let caught {
                error = caught
            }
            condition.lock()
            while ready.count >= depth && !stopped { condition.wait() }
            if stopped {
                condition.unlock()
                break reading
            }
            if batch.count > 0 { ready.append(batch) }
            let freed = spent
            spent = []
            let done = error != nil || batch.count < batchSize
            if done {
                failure = error
                exhausted = true
            }
            condition.broadcast()
            condition.unlock()
            _ = consume freed
            if done { break reading }
        }
        condition.lock()
        warnings = reader.warnings
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch of records, waiting for it if need be; `nil` at the end of the file. Throws
    /// the reader's error once the records before it are taken.
    func next() throws(CatalogError) -> TrackBatch? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !exhausted { condition.wait() }
        if !ready.isEmpty {
            condition.broadcast()
            return ready.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Hands a batch the writer is done with back to the reading thread, which frees it: releasing
    /// a batch's strings and arrays was a fifth of the writer's time, and the writer is the import's
    /// busier thread (make bench-import).
    func recycle(_ batch: consuming TrackBatch) {
        condition.lock()
        defer { condition.unlock() }
        if !stopped { spent.append(batch) }
    }

    /// Stops reading (if the file is not read to its end yet), waits for the thread to end, and
    /// returns the reader's warnings.
    func finish() -> [CatalogWarning] {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.broadcast()
        while warnings == nil { condition.wait() }
        return warnings ?? []
    }
}

/// Hands the reader to the prefetching thread, which alone uses it from then on.
private final class ReaderBox: @unchecked Sendable {
    let reader: any CatalogReader
    init(_ reader: any CatalogReader) { self.reader = reader }
}
