import PlantModel

/// What the run loop keeps for a plant fed by a real-time source (a followed log, Modbus meters):
/// the plant's clock (SourceClock), the followed file and where its resume state goes, and how to
/// start the plant afresh on the log's clock when the first row shows the host's was the wrong one.
final class LiveFeed {
    var clock: SourceClock
    /// What the source is, for messages: "the followed log /var/log/boiler.csv", "the Modbus device 10.1.2.3:502".
    let origin: String
    let followed: FollowSource?
    let stateFile: FollowStateFile?
    /// A fresh monitor for the plant with the alarm states of `events` restored.
    let remake: ([AlarmEvent]) throws -> PlantMonitor
    /// The journal's entries and this run's for the plant so far (restored on a remake).
    var past: [AlarmEvent]
    /// What the operator must hear once, until taken (the status bar, `serve`'s log).
    var notices: [String] = []
    private let startHost: Double
    private let journaledBefore: Int
    private var saved: FollowPosition?

    init(clock: SourceClock, origin: String, followed: FollowSource?, stateFile: FollowStateFile?, past: [AlarmEvent],
         startHost: Double, remake: @escaping ([AlarmEvent]) throws -> PlantMonitor) {
        self.clock = clock
        self.origin = origin
        self.followed = followed
        self.stateFile = stateFile
        self.past = past
        journaledBefore = past.count
        self.startHost = startHost
        self.remake = remake
    }

    /// Sets a monitor up for this source: silence counted from the start on the plant's clock,
    /// and a resumed log's tags stale from their last rows in the previous run.
    func prepare(_ m: inout PlantMonitor) {
        m.watchSilence(since: clock.now(host: startHost), source: origin)
        guard let f = followed else { return }
        for (i, t) in f.lastReadingTimes.enumerated() where t.isFinite { m.resumeLastReading(tag: i, time: t) }
    }

    /// The first row put the plant on a clock far behind the host's, which stood in until then:
    /// the plant starts again on the log's clock (nothing it holds came from a row), with the
    /// alarm states the journal and this run had.
    /// Returns what to tell the operator, if anything.
    func restartOnLogClock(_ m: inout PlantMonitor) -> String? {
        do {
            var fresh = try remake(past)
            prepare(&fresh)
            m = fresh
            // Entries this run wrote before (a silence from the start) are on the host's clock.
            return past.count > journaledBefore ? "the first row put the plant on the log's clock; this run's earlier journal entries are on the host's" : nil
        } catch {
            return "cannot restart the plant on the log's clock: \(error)"
        }
    }

    /// After a batch: raises or clears the clock-skew alarm (events returned) and says once
    /// what the operator must know.
    func settle(_ m: inout PlantMonitor) -> [AlarmEvent] {
        var events: [AlarmEvent] = []
        if let f = followed { notices += f.takeNotices() }
        if let i = m.alarms.index(of: SourceClock.skewAlarmID), m.alarms.alarms[i].active != clock.skewed,
           let e = m.setExternal(SourceClock.skewAlarmID, active: clock.skewed, message: clock.skewed ? clock.skewMessage : nil) {
            events.append(e)
        }
        if clock.skewPending {
            notices.append(clock.skewMessage)
            clock.skewReported()
        }
        return events
    }

    /// Saves where the followed log was left, if that moved; the recording is flushed first, so
    /// that the state never says a row was handled that the recording does not hold.
    func saveState(recorder: Recorder?) {
        guard let f = followed, let file = stateFile, let p = f.position(clockOffset: clock.offset), p != saved else { return }
        recorder?.flush(now: .infinity)
        if let error = file.save(p, of: f.path) { notices.append("cannot save the follow state: \(error)") } else { saved = p }
    }

    func takeNotices() -> [String] {
        defer { notices = [] }
        return notices
    }
}

/// What the operator must hear once — a resumed log, a repaired journal or recording, a log on
/// another clock, journal and recording write errors — gathered for the status bar and `serve`'s log.
struct OperatorNotices {
    private var pending: [String] = []
    /// The journal's write error while it lasts, and recordings' (which stop at their first): said once.
    private var journalFailure: String?
    private var recordingFailures: Set<String> = []

    mutating func note(_ text: String) { pending.append(text) }

    /// Journals the events, noting a write error once while it lasts.
    mutating func journal(_ events: [AlarmEvent], to journal: AlarmJournal?) {
        guard let journal, !events.isEmpty else { return }
        for e in events { journal.append(e) }
        let failure = journal.takeFailure()
        if let failure, failure != journalFailure { pending.append(failure) }
        journalFailure = failure
    }

    /// Everything since the last call, the live feeds' and recordings' included.
    mutating func take(live: [LiveFeed?], recorders: [Recorder?]) -> [String] {
        for f in live { if let f { pending += f.takeNotices() } }
        for r in recorders {
            guard let r else { continue }
            pending += r.takeNotices()
            if let f = r.failure, recordingFailures.insert(f).inserted { pending.append(f) }
        }
        defer { pending = [] }
        return pending
    }
}
