extension ReadingSource {
    /// Hands this source's rows up to `t` (at most `limit`) to its plant's pipeline, and to the
    /// recording when there is one; returns the alarm transitions they caused, in order, and the
    /// time of the last row (−∞ when none came). The step every run loop takes: the dashboard's
    /// and `serve`'s.
    public mutating func feed(_ pipeline: inout PlantPipeline, to t: Double, limit: Int = .max,
                              recorder: Recorder? = nil) -> (events: [AlarmEvent], last: Double) {
        var events: [AlarmEvent] = []
        var last = -Double.infinity
        // In slices, so that a replay at "max" speed (thousands of rows a frame) is offered the
        // pipeline as often as its checkpoints want.
        var fed = 0, got = 0
        repeat {
            checkpoint(pipeline)
            let slice = min(limit - fed, checkpointStride)
            got = advance(to: t, limit: slice) { row in
                events += pipeline.ingest(row)
                recorder?.record(row)
                last = row.time
            }
            fed += got
        } while got == checkpointStride && fed < limit
        return (events, last)
    }
}
