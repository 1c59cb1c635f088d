package io.evapi.proxy.modules.evapi;

import io.evapi.pv.EvapiEvent;

/**
 * Our counterpart of Kamailio's {@code event_callback} KEMI function: a class named by
 * {@code modparam("evapi", "event_callback", "com.example.MyHandler")}, with a public no-argument constructor,
 * gets the evapi events for which the config has no {@code event_route}.
 */
public interface EvapiEventHandler {

    /**
     * @param eventName {@code evapi:connection-new}, {@code evapi:connection-closed} or
     *                  {@code evapi:message-received}
     * @param event     the connection and, for message-received, the message
     * @param control   closes the connection or tags it, as {@code evapi_close()} and {@code evapi_set_tag()} do
     */
    void onEvent(String eventName, EvapiEvent event, Control control);

    /** What a handler may do to the connection of the event. */
    interface Control {
        void close();

        void setTag(String tag);
    }
}
