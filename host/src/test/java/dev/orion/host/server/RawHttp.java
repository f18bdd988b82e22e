package dev.orion.host.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends one HTTP/1.1 request exactly as written, headers an attacker chooses included (Java's
 * HttpClient will not send a forged {@code Host}), and reads the answer's status and JSON body.
 */
final class RawHttp {

    /** An answer: status and JSON body (null when empty or not JSON). */
    record Answer(int status, JsonNode body) {
        String detail() {
            return body == null ? null : body.path("detail").asText(null);
        }
    }

    private final int port;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private RawHttp(int port) {
        this.port = port;
        headers.put("Host", "127.0.0.1:" + port);
    }

    /** A request to the server on {@code port}, with {@code Host: 127.0.0.1:port} until changed. */
    static RawHttp to(int port) {
        return new RawHttp(port);
    }

    /** Sets a header (null removes it). */
    RawHttp header(String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return this;
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer send(String method, String path, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            String response = readAll(s.getInputStream());
            int status = Integer.parseInt(response.substring(9, 12));
            int split = response.indexOf("\r\n\r\n");
            String text = split < 0 ? "" : response.substring(split + 4);
            if (response.substring(0, Math.max(0, split)).toLowerCase().contains("transfer-encoding: chunked")) {
                text = dechunk(text);
            }
            JsonNode json;
            try {
                json = text.isBlank() ? null : ApiJson.MAPPER.readTree(text);
            } catch (IOException e) {
                json = null;
            }
            return new Answer(status, json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String dechunk(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int eol = text.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(text.substring(i, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(text, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
