// Order matters: the transport is installed before main.ts boots the viewer.
import './offline-main.js';
import '../main.js';
