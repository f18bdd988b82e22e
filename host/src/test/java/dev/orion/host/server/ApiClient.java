package dev.orion.host.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A plain HTTP client for tests: sends JSON text, answers status and parsed body. */
final class ApiClient {

    /** An answer: its status and its JSON body (null when empty). */
    record Answer(int status, JsonNode body) {
        String detail() {
            return body == null ? null : body.path("detail").asText(null);
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String apiKey;

    ApiClient(String base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer post(String path, String json) {
        return send("POST", path, json);
    }

    Answer send(String method, String path, String json) {
        return send(method, path, json, apiKey);
    }

    Answer send(String method, String path, String json, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body() == null || r.body().isEmpty() ? null : ApiJson.MAPPER.readTree(r.body());
            return new Answer(r.statusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
