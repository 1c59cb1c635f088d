package io.evapi.proxy.modules.mihttp;

import com.fasterxml.jackson.databind.node.NullNode;
import io.evapi.proxy.spi.mi.MiException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mi_http's answers (OpenSIPS's mi_http.c): POST only (405 otherwise), an empty body is 400, JSON-RPC errors
 * go out with HTTP 200, a notification gets 202 and no body; {@code Content-Type: application/json}. Each request
 * runs on a bounded pool; when it is full the request is answered 503 at once (ours: OpenSIPS has no bound).
 */
final class MiHttpHandler implements Httpd.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(MiHttpHandler.class);
    static final String JSON_TYPE = "application/json";

    private final JsonRpc rpc;
    private final ThreadPoolExecutor pool;
    private final AtomicLong rejected = new AtomicLong();

    MiHttpHandler(JsonRpc rpc, int workers, int queueSize) {
        this.rpc = rpc;
        this.pool = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueSize),
                new io.netty.util.concurrent.DefaultThreadFactory("mi_http", true));
    }

    @Override
    public CompletableFuture<Httpd.Response> handle(Httpd.Request request) {
        if (!request.method().equals("POST")) {
            return CompletableFuture.completedFuture(Httpd.Response.empty(405));
        }
        if (request.body().length == 0) {
            return CompletableFuture.completedFuture(Httpd.Response.empty(400));
        }
        CompletableFuture<Httpd.Response> answer = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    JsonRpc.Reply r = rpc.handle(request.body());
                    answer.complete(r.notification() ? Httpd.Response.empty(202)
                            : new Httpd.Response(200, JSON_TYPE, r.body()));
                } catch (RuntimeException e) {
                    LOG.error("mi_http: request failed", e);
                    answer.complete(Httpd.Response.empty(500));
                }
            });
        } catch (RejectedExecutionException e) {
            long n = rejected.incrementAndGet();
            if (n == 1 || n % 10_000 == 0) {
                LOG.warn("mi_http: {} requests waiting, answering 503 ({} so far; modparam mi_http workers,"
                        + " queue_size)", pool.getQueue().size(), n);
            }
            answer.complete(new Httpd.Response(503, JSON_TYPE, JsonRpc.error(NullNode.instance,
                    MiException.SERVER_ERROR, "Server error", "Too many MI requests at once").body()));
        }
        return answer;
    }

    void stop() {
        pool.shutdownNow();
    }
}
