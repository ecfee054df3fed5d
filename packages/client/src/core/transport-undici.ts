/// <reference path="./transport-undici-parts.d.ts" />
/**
 * The parts of undici the SDK uses, loaded module by module instead of through undici's root
 * module: the root loads every client, pool, mock, cache, fetch and WebSocket module (~80 ms of
 * CPU and more of wall time on the first request, about half of a first `getExperiment`); these
 * few load in about a third of that. The classes are the very ones the root module exports (same
 * files, same module cache), so dispatchers stay interchangeable with an application's `undici`.
 */
import api from 'undici/lib/api/index.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import redirect from 'undici/lib/interceptor/redirect.js';

// What undici's root module does when it is loaded: `request`, `stream`, … on every dispatcher.
// Assigning the same functions again (when the application also loads undici) changes nothing.
Object.assign(Dispatcher.prototype, api);

/** undici's interceptors the transport composes. */
const interceptors = { redirect };

export { Agent, Dispatcher, EnvHttpProxyAgent, interceptors };
