package io.evapi.sip.engine.transport;

/**
 * Counters of one UDP socket of the engine.
 *
 * @param received           datagrams read from the socket
 * @param dropped            datagrams dropped because the queue was full (never waited for)
 * @param queued             datagrams waiting for a worker now
 * @param shed               requests dropped at their turn because they had waited longer than allowed
 * @param processedInline    datagrams a receive thread processed itself (the last of a burst, its partition idle)
 * @param takeovers          times a standby receive thread took the lead from one held up processing a datagram
 * @param sendFailed         datagrams not sent because the socket's send buffer stayed full
 * @param receiveBufferBytes SO_RCVBUF the kernel granted
 * @param sendBufferBytes    SO_SNDBUF the kernel granted
 * @param workers            worker threads
 */
public record UdpTransportStats(String host, int port, long received, long dropped, int queued, long shed,
                                long processedInline, long takeovers, long sendFailed, int receiveBufferBytes,
                                int sendBufferBytes, int workers) {
}
