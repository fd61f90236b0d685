package io.ebbflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.protocol.JobMasterMessages.Bounds;
import io.ebbflow.core.protocol.JobMasterMessages.UpdateRequirements;
import io.ebbflow.core.protocol.SavepointMessages.TriggerSavepoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

    @Test
    void requirementsReadFlinksBoundsPerVertex() {
        UpdateRequirements request = RequestBodies.requirements(
                "{\"src\": {\"parallelism\": {\"lowerBound\": 1, \"upperBound\": 2}},"
                        + " \"map\": {\"parallelism\": {\"lowerBound\": -1, \"upperBound\": -1}}}");

        assertThat(request.vertices()).isEqualTo(Map.of("src", new Bounds(1, 2), "map", new Bounds(-1, -1)));
    }

    @Test
    void requirementsOfAnotherShapeNameTheExpectedShape() {
        String expected = "expected {\"<vertex id>\": {\"parallelism\": {\"lowerBound\": int, \"upperBound\": int}}, ...}: ";

        assertThatThrownBy(() -> RequestBodies.requirements("{\"src\": {\"parallelism\": {\"lowerBound\": 1}}}"))
                .isInstanceOf(RequestBodies.Invalid.class).hasMessageStartingWith(expected);
        assertThatThrownBy(() -> RequestBodies.requirements("{\"src\": 3}"))
                .isInstanceOf(RequestBodies.Invalid.class).hasMessageStartingWith(expected);
        assertThatThrownBy(() -> RequestBodies.requirements("not json"))
                .isInstanceOf(RequestBodies.Invalid.class).hasMessageStartingWith(expected);
        assertThatThrownBy(() -> RequestBodies.requirements(null))
                .isInstanceOf(RequestBodies.Invalid.class).hasMessageStartingWith(expected);
    }

    @Test
    void aSavepointWithoutBodyGoesToTheDefaultDirectoryAndKeepsTheJob() {
        assertThat(RequestBodies.savepoint(null, false)).isEqualTo(new TriggerSavepoint(null, false));
        assertThat(RequestBodies.savepoint("  ", false)).isEqualTo(new TriggerSavepoint(null, false));
    }

    @Test
    void aSavepointReadsFlinksFieldsAndCancelJobStopsTheJob() {
        assertThat(RequestBodies.savepoint("{\"target-directory\": \"/sp\", \"cancel-job\": true}", false))
                .isEqualTo(new TriggerSavepoint("/sp", true));
        assertThat(RequestBodies.savepoint("{\"target-directory\": \"/sp\", \"cancel-job\": false}", false))
                .isEqualTo(new TriggerSavepoint("/sp", false));
    }

    @Test
    void stopReadsItsOwnFieldNamesAndAlwaysStops() {
        assertThat(RequestBodies.savepoint("{\"targetDirectory\": \"/sp\", \"drain\": false}", true))
                .isEqualTo(new TriggerSavepoint("/sp", true));
        assertThat(RequestBodies.savepoint("{}", true)).isEqualTo(new TriggerSavepoint(null, true));
    }

    @Test
    void aSavepointBodyOfWrongTypesNamesTheExpectedShape() {
        assertThatThrownBy(() -> RequestBodies.savepoint("{\"target-directory\": 3}", false))
                .isInstanceOf(RequestBodies.Invalid.class)
                .hasMessage("expected {\"target-directory\": string, \"cancel-job\": boolean}");
        assertThatThrownBy(() -> RequestBodies.savepoint("{\"drain\": \"yes\"}", true))
                .isInstanceOf(RequestBodies.Invalid.class)
                .hasMessage("expected {\"targetDirectory\": string, \"drain\": boolean}");
    }

    @Test
    void aSavepointBodyThatIsNotJsonSaysSo() {
        assertThatThrownBy(() -> RequestBodies.savepoint("[1, 2]", false))
                .isInstanceOf(RequestBodies.Invalid.class).hasMessageStartingWith("the request body is not a JSON object: ");
    }

    @Test
    void aSavepointBodyWithOtherFieldsIsRefusedButFlinksExtraFieldsPass() {
        assertThatThrownBy(() -> RequestBodies.savepoint("{\"job-1\": {\"parallelism\": 2}}", false))
                .isInstanceOf(RequestBodies.Invalid.class).hasMessageStartingWith("unknown field 'job-1'");
        assertThatThrownBy(() -> RequestBodies.savepoint("{\"target-directory\": \"/sp\"}", true))
                .isInstanceOf(RequestBodies.Invalid.class).hasMessageStartingWith("unknown field 'target-directory'");
        assertThat(RequestBodies.savepoint("{\"formatType\": \"CANONICAL\", \"triggerId\": \"t\"}", false))
                .isEqualTo(new TriggerSavepoint(null, false));
    }
}
