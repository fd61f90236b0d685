package io.ebbflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.web.HttpErrors.HttpError;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class HttpErrorsTest {

    @Test
    void theBodyIsFlinksErrorList() {
        assertThat(HttpErrors.body("Job x not found")).isEqualTo(new JsonObject().put("errors",
                new JsonArray().add("Job x not found")));
        assertThat(HttpErrors.notFound("gone").body()).isEqualTo(HttpErrors.body("gone"));
    }

    @Test
    void aServiceThatIsNotRunningOrSilentIs503NamingIt() {
        assertThat(HttpErrors.unavailable("ResourceManager", new ReplyException(ReplyFailure.NO_HANDLERS, "none")))
                .isEqualTo(new HttpError(503, "ResourceManager is not running"));
        assertThat(HttpErrors.unavailable("ResourceManager", new ReplyException(ReplyFailure.TIMEOUT, "late")))
                .isEqualTo(new HttpError(503, "ResourceManager did not answer in time"));
        assertThat(HttpErrors.unavailable("slot ledger", new IllegalStateException("broken")))
                .isEqualTo(new HttpError(503, "java.lang.IllegalStateException: broken"));
    }

    @Test
    void aJobMastersRefusalKeepsItsReasonAsNotFoundOrBadRequest() {
        assertThat(HttpErrors.ofJobMaster("job-1", new ProtocolException(ProtocolError.NOT_FOUND, "no savepoint abc")))
                .isEqualTo(new HttpError(404, "no savepoint abc"));
        assertThat(HttpErrors.ofJobMaster("job-1", new ProtocolException(ProtocolError.MALFORMED, "bounds: 5 > 4")))
                .isEqualTo(new HttpError(400, "bounds: 5 > 4"));
    }

    @Test
    void aJobMasterThatDoesNotAnswerOrFailsOtherwiseIs404() {
        HttpError expected = new HttpError(404, "Job job-1 not found or its JobMaster is not reachable");

        assertThat(HttpErrors.ofJobMaster("job-1", new ReplyException(ReplyFailure.NO_HANDLERS, "none"))).isEqualTo(expected);
        assertThat(HttpErrors.ofJobMaster("job-1", new ProtocolException(ProtocolError.INTERNAL, "bug"))).isEqualTo(expected);
        assertThat(HttpErrors.ofJobMaster("job-1", new ProtocolException(ProtocolError.CONFLICT, "reactive")))
                .isEqualTo(expected);
        assertThat(HttpErrors.jobUnreachable("job-1")).isEqualTo(expected);
    }

    @Test
    void aConflictingRequirementsUpdateIs409() {
        assertThat(HttpErrors.ofRequirementsUpdate("job-1", new ProtocolException(ProtocolError.CONFLICT, "reactive mode")))
                .isEqualTo(new HttpError(409, "reactive mode"));
        assertThat(HttpErrors.ofRequirementsUpdate("job-1", new ProtocolException(ProtocolError.MALFORMED, "bad")))
                .isEqualTo(new HttpError(400, "bad"));
    }

    @Test
    void refusalsOfTokenAndOriginSayWhy() {
        assertThat(HttpErrors.unauthorized()).isEqualTo(new HttpError(401,
                "this call changes the cluster: it needs 'Authorization: Bearer <rest.auth.token>'"));
        assertThat(HttpErrors.forbiddenOrigin("http://evil.example")).isEqualTo(new HttpError(403,
                "origin http://evil.example may not open the event-bus bridge"));
    }
}
