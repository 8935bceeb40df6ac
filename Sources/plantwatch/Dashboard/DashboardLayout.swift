/// Where things are on screen, from the state alone: the renderer draws into these rectangles
/// and a mouse click is resolved against the same ones, so what is clicked is what was drawn.
struct DashboardLayout {
    var title = Rect(x: 0, y: 0, width: 0, height: 0)
    var body = Rect(x: 0, y: 0, width: 0, height: 0)
    var status = Rect(x: 0, y: 0, width: 0, height: 0)
    /// Overview: each plant's block.
    var blocks: [Rect] = []
    /// The alarm pane (with its border) and its rows.
    var alarmPane: Rect?
    var alarmList: Rect?
    /// Detail: the KPI pane and its gauge rows (right of the selection marker), the first KPI
    /// shown; the trend, meters and equipment panes.
    var kpiPane: Rect?
    var kpiList: Rect?
    var firstKPI = 0
    var trend: Rect?
    var meters: Rect?
    var equipment: Rect?
    var fits = true

    init(_ s: DashboardState) {
        guard s.width >= DashboardState.minWidth, s.height >= DashboardState.minHeight else { fits = false; return }
        let rows = Rect(x: 0, y: 0, width: s.width, height: s.height).rows([1, 0, 1])
        (title, body, status) = (rows[0], rows[1], rows[2])
        switch s.screen {
        case .overview: overview(s)
        case .detail: detail(s)
        case .drift, .beforeAfter, .handover: break
        }
    }

    private mutating func overview(_ s: DashboardState) {
        let r = body
        let n = s.monitors.count
        let sideBySide = r.width >= 96
        // The alarm pane asks for a row per alarm (one to say there is none) and its border, up to
        // half the screen; the plant blocks take the rest, up to what they can use.
        let alarmNeed = min(max(1, s.alarmRows.count) + 2, r.height / 2)
        let room = r.height - max(3, alarmNeed)
        let useful = s.monitors.map(PlantBlock.usefulHeight).max() ?? 0
        let blockHeight = min(useful, sideBySide ? room : room / max(1, n))
        let parts = r.rows([sideBySide ? blockHeight : blockHeight * n, 0])
        blocks = sideBySide ? parts[0].columns(Array(repeating: 0, count: n)) : parts[0].rows(Array(repeating: blockHeight, count: n))
        alarmPane = parts[1]
        alarmList = parts[1].inner
    }

    private mutating func detail(_ s: DashboardState) {
        let r = body
        let kpis = s.monitor.slots.kpis
        let alarmHeight = r.height >= 26 ? 7 : 5
        let topHeight = min(kpis.count + 2, max(6, (r.height - alarmHeight) / 2 + 1))
        let parts = r.rows([topHeight, 0, alarmHeight])
        let top = parts[0].columns([max(40, parts[0].width * 9 / 20), 0])
        kpiPane = top[0]
        let gi = top[0].inner
        kpiList = Rect(x: gi.x + 1, y: gi.y, width: gi.width - 1, height: gi.height)
        // With more KPIs than rows, the list scrolls to keep the selected one in view.
        firstKPI = max(0, min(s.selectedKPI - gi.height + 1, kpis.count - gi.height))
        trend = top[1]
        let middle = parts[1].columns([0, min(34, parts[1].width / 3)])
        meters = middle[0]
        equipment = middle[1]
        alarmPane = parts[2]
        alarmList = parts[2].inner
    }
}
