package io.ebbflow.jm.metrics;

import io.ebbflow.jm.scheduler.Executing;
import io.ebbflow.jm.scheduler.Finished;
import io.ebbflow.jm.scheduler.Restarting;
import io.ebbflow.jm.scheduler.SchedulerState;

/**
 * Flink's job time metrics, kept correct across rescales: {@code uptime} (running since the last
 * (re)start), {@code downtime} (restarting or rescaling since), {@code restartingTime} (how long the last
 * restart or rescale took until the job ran again, or the current one so far).
 */
public final class JobTimes {

    // Written on the JobMaster's event loop, read by metric scrapes on other threads.
    private volatile long runningSince = -1;
    private volatile long restartingSince = -1;
    private volatile long lastRestartTook;

    public void enter(SchedulerState<?, ?> state, long now) {
        if (state instanceof Executing) {
            if (restartingSince >= 0) {
                lastRestartTook = now - restartingSince;
                restartingSince = -1;
            }
            runningSince = now;
        } else if (state instanceof Restarting) {
            runningSince = -1;
            restartingSince = now;
        } else if (state instanceof Finished) {
            runningSince = -1;
            restartingSince = -1;
        }
    }

    public long uptime(long now) {
        long since = runningSince;
        return since < 0 ? 0 : now - since;
    }

    public long downtime(long now) {
        long since = restartingSince;
        return since < 0 ? 0 : now - since;
    }

    public long restartingTime(long now) {
        long since = restartingSince;
        return since >= 0 ? now - since : lastRestartTook;
    }
}
