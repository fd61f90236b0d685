package io.ebbflow.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.protocol.Require;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Ids and names from outside never lead out of the directory they are resolved against. */
class PathGuardTest {

    @TempDir
    Path parent;

    /** Everything a hostile or careless message might carry as an id. */
    static Stream<String> hostile() {
        return Stream.of("", ".", "..", "../x", "..\\x", "a/b", "a\\b", "/abs", "/", "./a", "a/..", "x/../../y",
                "a".repeat(129), "-x", "_x", ".hidden", "é", "ünïcødé", "a\u0000b", "\u0000", "a b", " a", "a\n",
                "job\u2215x", "\uFF0E\uFF0E");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileIdsAreRefusedByRequireAndNeverResolved(String id) {
        assertThatThrownBy(() -> Require.id(id, "jobId")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'jobId'");
        assertThatThrownBy(() -> PathGuard.childForId(parent, id, "jobId")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"job-1", "a", "A.b_c-d", "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "x..y", "a."})
    void plainIdsResolveToADirectChild(String id) {
        Path child = PathGuard.childForId(parent, id, "jobId");
        assertThat(child.getParent()).isEqualTo(parent.toAbsolutePath().normalize());
        assertThat(child.getFileName().toString()).isEqualTo(id);
    }

    @Test
    void theLongestIdIsAcceptedAndOneMoreCharacterIsNot() {
        assertThat(PathGuard.childForId(parent, "a".repeat(128), "jobId").getFileName().toString()).hasSize(128);
        assertThatThrownBy(() -> PathGuard.childForId(parent, "a".repeat(129), "jobId"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-128");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", "a/b", "/abs", "-x", ".state", "a\u0000b", "é.state"})
    void fileNamesAreOnePlainSegment(String name) {
        assertThatThrownBy(() -> PathGuard.childForName(parent, name, "state file"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("state file");
    }

    @Test
    void stateFileNamesAndJarNamesAreAccepted() {
        assertThat(PathGuard.childForName(parent, "3f2a-0.state", "state file")).hasFileName("3f2a-0.state");
        assertThat(PathGuard.childForName(parent, "_metadata", "metadata")).hasFileName("_metadata");
        assertThat(PathGuard.childForName(parent, "job-" + "ab".repeat(32) + ".jar", "jar").getParent())
                .isEqualTo(parent.toAbsolutePath().normalize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x.state", "/etc/passwd", "a/../../x", "..", ".", "", "a\u0000b"})
    void relativePathsFromMetadataStayInside(String relative) {
        assertThatThrownBy(() -> PathGuard.resolveInside(parent, relative, "state file of subtask 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("state file of subtask 1");
    }

    @Test
    void relativePathsInsideAreResolved() {
        Path base = parent.toAbsolutePath().normalize();
        assertThat(PathGuard.resolveInside(parent, "v-0.state", "f")).isEqualTo(base.resolve("v-0.state"));
        assertThat(PathGuard.resolveInside(parent, "sub/../v-1.state", "f")).isEqualTo(base.resolve("v-1.state"));
    }

    @Test
    void aJarIsNamedOnlyByARealSha256() {
        assertThat(PathGuard.sha256("0f".repeat(32), "sha")).hasSize(64);
        assertThatThrownBy(() -> PathGuard.sha256("../../x", "jobJarSha256")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobJarSha256 must be 64 lower-case hex digits");
    }

    @Test
    void aTaskExecutorWritesStateOnlyIntoTheJobsCheckpointOrSavepointDirectory() {
        Path chk = parent.toAbsolutePath().normalize().resolve("job-1").resolve("chk-7");
        assertThat(PathGuard.checkpointDirectory(chk.toString(), "job-1", 7, false)).isEqualTo(chk);
        assertThat(PathGuard.checkpointDirectory(chk + "/../chk-7", "job-1", 7, false)).isEqualTo(chk);
        Path sp = parent.toAbsolutePath().normalize().resolve("savepoint-job-1-0123456789ab");
        assertThat(PathGuard.checkpointDirectory(sp.toString(), "job-1", 8, true)).isEqualTo(sp);

        assertThatThrownBy(() -> PathGuard.checkpointDirectory("checkpoints/job-1/chk-7", "job-1", 7, false))
                .hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> PathGuard.checkpointDirectory(chk.toString(), "job-2", 7, false))
                .hasMessageContaining("is not the checkpoint directory '.../job-2/chk-7' of job job-2");
        assertThat(PathGuard.checkpointLocation("s3://b-1/cp/job-1/chk-7", "job-1", 7, false))
                .isEqualTo("s3://b-1/cp/job-1/chk-7");
        assertThat(PathGuard.checkpointLocation("s3://b-1/sp/savepoint-job-1-ab", "job-1", 8, true))
                .isEqualTo("s3://b-1/sp/savepoint-job-1-ab");
        assertThatThrownBy(() -> PathGuard.checkpointLocation("s3://b-1/cp/job-2/chk-7", "job-1", 7, false))
                .hasMessageContaining("job-1/chk-7");
        assertThatThrownBy(() -> PathGuard.checkpointLocation("s3://b-1/cp/job-1/../job-1/chk-7", "job-1", 7, false))
                .hasMessageContaining("'..'");
        assertThatThrownBy(() -> PathGuard.checkpointDirectory(chk.toString(), "job-1", 8, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathGuard.checkpointDirectory(chk + "/../../..", "job-1", 7, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathGuard.checkpointDirectory(sp.toString(), "job-1", 8, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathGuard.checkpointDirectory("/tmp", "job-1", 8, true))
                .hasMessageContaining("savepoint-job-1-");
        assertThatThrownBy(() -> PathGuard.checkpointDirectory(chk + "\u0000", "job-1", 7, false))
                .hasMessageContaining("is not a path");
    }
}
