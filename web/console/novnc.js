// NexBoard's console page, graphical console: noVNC's RFB client over NexBoard's WebSocket proxy
// (/console/<id>/ws on this page's own origin, which the session's cookie reaches). An ES module
// served by NexBoard: the page's Content-Security-Policy allows scripts from this origin only.
//
// NexBoard's first frame is text, {"password":"…"}: the VNC password Proxmox asks for (its one-time
// vncticket, already used up by NexBoard's own connection to Proxmox). Every later frame is RFB,
// which noVNC reads from the same socket.
import RFB from '/console/assets/novnc/core/rfb.js';

const screen = document.getElementById('screen');
const status = document.getElementById('status');
const show = (state, text) => {
    status.textContent = text;
    status.dataset.state = state;
};

const url = new URL(screen.dataset.socket, location.href);
url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
// The socket is the page's, not noVNC's, so that the page reads the first frame and the reason
// NexBoard gives when it closes the console.
const socket = new WebSocket(url.href);
socket.binaryType = 'arraybuffer';
let reason = '';
let rfb = null;
show('connecting', 'connecting…');

const disconnected = (clean) => {
    show('disconnected', 'disconnected: ' + (reason || (clean ? 'the console closed' : 'the connection was lost')));
};
socket.addEventListener('close', (event) => {
    reason = reason || event.reason;
    if (!rfb) disconnected(event.wasClean);
});
socket.addEventListener('message', (event) => {
    let password = '';
    try {
        password = JSON.parse(event.data).password || '';
    } catch {
        reason = 'NexBoard sent something else than the console';
        socket.close();
        return;
    }
    // noVNC takes the open socket over here, before its next frame is delivered.
    rfb = new RFB(screen, socket, { credentials: { password } });
    rfb.scaleViewport = true;
    rfb.background = 'transparent';
    rfb.addEventListener('connect', () => show('connected', 'connected'));
    rfb.addEventListener('disconnect', (event) => disconnected(event.detail.clean));
    rfb.addEventListener('securityfailure', (event) => {
        reason = 'security failure: ' + (event.detail.reason || 'status ' + event.detail.status);
    });
    rfb.addEventListener('credentialsrequired', () => {
        reason = 'the console asks for credentials NexBoard does not have';
        rfb.disconnect();
    });
}, { once: true });

document.getElementById('disconnect').addEventListener('submit', () => {
    reason = 'closed by you';
    if (rfb) rfb.disconnect(); else socket.close(1000, 'closed by the user');
});
