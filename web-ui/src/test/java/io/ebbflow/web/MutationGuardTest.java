package io.ebbflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.web.MutationGuard.Refusal;
import io.ebbflow.core.security.SecurityRefusals;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MutationGuardTest {

    private static final String DASHBOARD = "http://127.0.0.1:8081";
    private final MutationGuard guard = new MutationGuard("s3cret", () -> List.of(DASHBOARD),
            SecurityRefusals.standalone("web-ui"));

    @Test
    void readingNeedsNothing() {
        for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS}) {
            assertThat(guard.check(m, "/jobs/job-1", "http://evil.example", "text/plain", true, null)).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void everyCallThatChangesSomethingNeedsTheBearerToken(String name) {
        HttpMethod method = HttpMethod.valueOf(name);
        assertThat(guard.check(method, "/jobs/job-1", null, null, false, null)).isEqualTo(Refusal.TOKEN);
        assertThat(guard.check(method, "/jobs/job-1", null, null, false, "Bearer wrong")).isEqualTo(Refusal.TOKEN);
        assertThat(guard.check(method, "/jobs/job-1", null, null, false, "Bearer s3cre")).isEqualTo(Refusal.TOKEN);
        assertThat(guard.check(method, "/jobs/job-1", null, null, false, "s3cret")).isEqualTo(Refusal.TOKEN);
        assertThat(guard.check(method, "/jobs/job-1", null, null, false, "Bearer s3cret")).isNull();
        assertThat(guard.check(method, "/jobs/job-1", DASHBOARD, "application/json; charset=UTF-8", true,
                "Bearer s3cret")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain",
            "text/plain; charset=UTF-8", "application/jsonx", "application/json-patch+json"})
    void formAndOtherContentTypesAreRefusedEvenWithTheToken(String contentType) {
        assertThat(guard.check(HttpMethod.POST, "/jobs/job-1/savepoints", null, contentType, true, "Bearer s3cret"))
                .isEqualTo(Refusal.CONTENT_TYPE);
    }

    @Test
    void aBodyWithoutAContentTypeIsRefused() {
        assertThat(guard.check(HttpMethod.POST, "/jobs/job-1/stop", null, null, true, "Bearer s3cret"))
                .isEqualTo(Refusal.CONTENT_TYPE);
        assertThat(guard.check(HttpMethod.PATCH, "/jobs/job-1", null, null, false, "Bearer s3cret")).isNull();
    }

    @Test
    void aPageOfAnotherOriginIsRefusedEvenWithTheToken() {
        assertThat(guard.check(HttpMethod.POST, "/taskmanagers/te-1/leave", "http://evil.example", "application/json",
                true, "Bearer s3cret")).isEqualTo(Refusal.ORIGIN);
        assertThat(guard.check(HttpMethod.POST, "/taskmanagers/te-1/leave", "null", null, false, "Bearer s3cret"))
                .isEqualTo(Refusal.ORIGIN);
    }

    @Test
    void theEventBusBridgeIsLeftToItsOwnOriginCheck() {
        assertThat(guard.check(HttpMethod.POST, "/eventbus/123/abc/xhr_send", null, "text/plain", true, null)).isNull();
    }
}
