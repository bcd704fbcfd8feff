// NexBoard's console page, graphical console: noVNC's RFB client over NexBoard's WebSocket proxy
// (/console/<id>/ws on this page's own origin, which the session's cookie reaches). An ES module
// served by NexBoard: the page's Content-Security-Policy allows scripts from this origin only.
import RFB from '/console/assets/novnc/core/rfb.js';

const screen = document.getElementById('screen');
const status = document.getElementById('status');
const show = (state, text) => {
    status.textContent = text;
    status.dataset.state = state;
};

const url = new URL(screen.dataset.socket, location.href);
url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
// The socket is ours, not noVNC's, so that the close reason NexBoard sends can be shown.
const socket = new WebSocket(url.href);
let reason = '';
socket.addEventListener('close', (event) => { reason = event.reason; });

const rfb = new RFB(screen, socket);
rfb.scaleViewport = true;
rfb.background = 'transparent';
show('connecting', 'connecting…');
rfb.addEventListener('connect', () => show('connected', 'connected'));
rfb.addEventListener('disconnect', (event) => {
    show('disconnected', 'disconnected: ' + (reason || (event.detail.clean ? 'the console closed' : 'the connection was lost')));
});
rfb.addEventListener('credentialsrequired', () => {
    show('disconnected', 'disconnected: the console asks for a password NexBoard does not have');
    rfb.disconnect();
});
rfb.addEventListener('securityfailure', (event) => {
    reason = 'security failure: ' + (event.detail.reason || 'status ' + event.detail.status);
});

document.getElementById('disconnect').addEventListener('submit', () => {
    reason = 'closed by you';
    rfb.disconnect();
});
