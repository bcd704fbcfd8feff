// NexBoard's console page, terminal: xterm.js (or its predecessor term.js, same Terminal API) over
// NexBoard's WebSocket proxy (/console/<id>/ws on this page's origin), speaking Proxmox's termproxy
// framing: "0:LENGTH:DATA" sends input (LENGTH in UTF-8 bytes), "1:COLS:ROWS:" a new size, "2" a
// ping; everything received is terminal output. NexBoard logs in to termproxy itself, so this page
// never sees a Proxmox ticket. A classic script, after the library's, which defines `Terminal`.
(function () {
    'use strict';
    const screen = document.getElementById('screen');
    const status = document.getElementById('status');
    const show = (state, text) => {
        status.textContent = text;
        status.dataset.state = state;
    };
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();

    const term = new Terminal({ cols: 80, rows: 24, cursorBlink: true, scrollback: 1000 });
    term.open(screen);
    const onData = (handler) => (term.onData ? term.onData(handler) : term.on('data', handler));

    // The size that fills the screen element, from one measured character of the terminal's font.
    const fit = () => {
        const probe = document.createElement('span');
        probe.className = 'terminal-probe';
        probe.textContent = 'W';
        (term.element || screen).appendChild(probe);
        const cell = probe.getBoundingClientRect();
        probe.remove();
        if (cell.width === 0 || cell.height === 0) return;
        const cols = Math.max(20, Math.floor(screen.clientWidth / cell.width));
        const rows = Math.max(5, Math.floor(screen.clientHeight / cell.height));
        if (cols !== term.cols || rows !== term.rows) term.resize(cols, rows);
    };

    const url = new URL(screen.dataset.socket, location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url.href);
    socket.binaryType = 'arraybuffer';
    let reason = '';
    let ping = null;
    const send = (text) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
    };
    const sendSize = () => send('1:' + term.cols + ':' + term.rows + ':');

    show('connecting', 'connecting…');
    socket.addEventListener('open', () => {
        show('connected', 'connected');
        fit();
        sendSize();
        ping = setInterval(() => send('2'), 30000);
        term.focus();
    });
    socket.addEventListener('message', (event) => {
        term.write(typeof event.data === 'string' ? event.data : decoder.decode(event.data, { stream: true }));
    });
    socket.addEventListener('close', (event) => {
        clearInterval(ping);
        show('disconnected', 'disconnected: ' + (reason || event.reason || (event.wasClean ? 'the console closed' : 'the connection was lost')));
    });
    onData((data) => send('0:' + encoder.encode(data).length + ':' + data));
    window.addEventListener('resize', () => {
        fit();
        sendSize();
    });

    document.getElementById('disconnect').addEventListener('submit', () => {
        reason = 'closed by you';
        socket.close(1000, 'closed by the user');
    });
})();
