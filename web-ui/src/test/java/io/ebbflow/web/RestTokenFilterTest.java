package io.ebbflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestTokenFilterTest {

    private final RestTokenFilter filter = new RestTokenFilter(Optional.of("s3cret"));

    @Test
    void withoutATokenEverythingPasses() {
        RestTokenFilter open = new RestTokenFilter(Optional.empty());

        assertThat(open.allows(HttpMethod.PATCH, "/jobs/job-1", null)).isTrue();
        assertThat(open.allows(HttpMethod.POST, "/taskmanagers/te-1/leave", null)).isTrue();
    }

    @Test
    void readingNeedsNoToken() {
        assertThat(filter.allows(HttpMethod.GET, "/jobs/job-1", null)).isTrue();
        assertThat(filter.allows(HttpMethod.HEAD, "/overview", null)).isTrue();
        assertThat(filter.allows(HttpMethod.OPTIONS, "/jobs", null)).isTrue();
    }

    @Test
    void everyCallThatChangesSomethingNeedsTheBearerToken() {
        for (HttpMethod method : new HttpMethod[] {HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE}) {
            assertThat(filter.allows(method, "/jobs/job-1", null)).as("%s without a header", method).isFalse();
            assertThat(filter.allows(method, "/jobs/job-1", "Bearer wrong")).as("%s with a wrong token", method).isFalse();
            assertThat(filter.allows(method, "/jobs/job-1", "s3cret")).as("%s without 'Bearer '", method).isFalse();
            assertThat(filter.allows(method, "/jobs/job-1", "Bearer s3cret")).as("%s with the token", method).isTrue();
        }
    }

    @Test
    void theEventBusBridgeIsLeftToItsOriginCheck() {
        assertThat(filter.allows(HttpMethod.POST, "/eventbus/123/abc/xhr_send", null)).isTrue();
    }
}
