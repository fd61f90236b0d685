package io.ebbflow.api.windowing;

import java.util.Collection;
import java.util.List;

/** Every element of a key in one window; it never fires unless given a trigger. */
public final class GlobalWindows extends WindowAssigner<Object, GlobalWindow> {

    private GlobalWindows() {
    }

    public static GlobalWindows create() {
        return new GlobalWindows();
    }

    @Override
    public Collection<GlobalWindow> assignWindows(Object element, long timestamp, long currentProcessingTime) {
        return List.of(GlobalWindow.get());
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Trigger<Object, GlobalWindow> getDefaultTrigger() {
        return (Trigger) new NeverTrigger();
    }

    @Override
    public boolean isEventTime() {
        return false;
    }
}
