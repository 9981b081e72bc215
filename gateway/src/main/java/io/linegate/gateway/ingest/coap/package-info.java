/**
 * Readings in over CoAP (DESIGN §3.2) with Eclipse Californium: a {@code CoapServer} with a plain
 * UDP endpoint (5683) and a DTLS-PSK endpoint (Scandium, 5684) serving
 * {@code POST|PUT /lines/{line}/sensors/{sensor}} and {@code POST|PUT /lines/{line}}, and a client
 * that observes (RFC 7641) configured sensor resources.
 *
 * <p>Threads: Californium's protocol-stage threads run the resource handler and the observe
 * callbacks; they only decode and hand off to the line workers, never block, never do I/O and
 * never let an exception escape. One scheduler thread ({@code linegate-coap-observe}) watches the
 * observations and registers them again. Californium's {@code Configuration} is built in code, so
 * no {@code Californium3.properties} file is ever written.
 *
 * <p>May import: Californium and Scandium, {@code config}, {@code decode}, {@code pipeline}.
 */
package io.linegate.gateway.ingest.coap;
