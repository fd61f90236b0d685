package io.ebbflow.rm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one requirement check decided, for the verticle to carry out: slot requests to send to
 * TaskExecutors, and jobs whose share changed (their JobMasters are told).
 *
 * @param requests slots to request, each already PENDING in the tracker
 * @param quotaChanges job id → new share, only for jobs whose share changed
 */
public record MatchResult(List<SlotRequest> requests, Map<String, Integer> quotaChanges) {

    /**
     * Ask {@code slot}'s TaskExecutor to allocate it to the job.
     *
     * @param jobMasterEpoch the job's JobMaster epoch, passed on so the TaskExecutor can fence stale JobMasters
     */
    public record SlotRequest(SlotId slot, String jobId, long jobMasterEpoch, String allocationId) {
    }

    /**
     * The requests grouped into one message each per TaskExecutor and job, in the order of their first request
     * (within a group, in request order).
     */
    public List<List<SlotRequest>> perTaskExecutorAndJob() {
        Map<List<String>, List<SlotRequest>> groups = new LinkedHashMap<>();
        for (SlotRequest r : requests) {
            groups.computeIfAbsent(List.of(r.slot().taskExecutorId(), r.jobId()), k -> new ArrayList<>()).add(r);
        }
        return new ArrayList<>(groups.values());
    }

    /**
     * The same decision without the share message to {@code jobId}: for a check run on the job's registration,
     * whose reply carries the share already.
     */
    public MatchResult withoutShareMessageTo(String jobId) {
        if (!quotaChanges.containsKey(jobId)) {
            return this;
        }
        Map<String, Integer> rest = new LinkedHashMap<>(quotaChanges);
        rest.remove(jobId);
        return new MatchResult(requests, rest);
    }

    public boolean isEmpty() {
        return requests.isEmpty() && quotaChanges.isEmpty();
    }
}
