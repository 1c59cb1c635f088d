package io.evapi.proxy.sip;

import io.evapi.sip.engine.SipEngine;

/** A module instance that needs the running SIP engine (t_continue resumes transactions through it). */
public interface EngineAware {

    /** Called once the engine runs, before any request is routed. */
    void attach(SipEngine engine);
}
