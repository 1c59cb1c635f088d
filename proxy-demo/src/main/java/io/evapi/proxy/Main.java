package io.evapi.proxy;

import io.evapi.core.server.EvapiConnection;
import io.evapi.core.server.EvapiListener;
import io.evapi.core.server.EvapiServer;
import io.evapi.core.server.EvapiServerConfig;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of proxy-demo.jar. Until the config language lands, it runs the evapi server on its defaults
 * and echoes every message back to all clients, so the README's first command shows something real.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        EvapiServer server = EvapiServer.start(EvapiServerConfig.defaults());
        server.addListener(new EvapiListener() {
            @Override
            public void onMessage(EvapiConnection c, String message) {
                LOG.info("message from {}:{} (conidx {}): {}", c.remoteAddress(), c.remotePort(), c.conidx(), message);
                server.relay(message);
            }
        });
        LOG.info("evapi echo demo on {}: try  printf '5:hello,' | nc 127.0.0.1 8448", server.localAddress());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }));
        stop.await();
    }
}
