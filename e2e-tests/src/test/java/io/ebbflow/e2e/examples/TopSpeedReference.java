package io.ebbflow.e2e.examples;

import io.ebbflow.api.tuple.Tuple4;
import io.ebbflow.examples.windowing.CarModel;
import io.ebbflow.examples.windowing.TopSpeedWindowing;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What TopSpeedWindowing must emit, computed in one thread straight from the car model, without the
 * runtime: per car, every event is appended to the car's window; when the distance has grown by more
 * than 50 m since the event that last fired (the first event only arms the trigger), events at least
 * 10 s older than the newest are evicted for good and the first event with the highest speed among the
 * rest is emitted.
 */
final class TopSpeedReference {

    private TopSpeedReference() {
    }

    /** Per car id, the lines ({@code Tuple4.toString()}) in the order the car emits them. */
    static Map<Integer, List<String>> expected(long seed, int cars, long eventsPerCar) {
        CarModel model = new CarModel(seed, 0, TopSpeedWindowing.INTERVAL_MILLIS);
        long windowMillis = TopSpeedWindowing.EVICTION_WINDOW.toMillis();
        Map<Integer, List<String>> out = new LinkedHashMap<>();
        for (int car = 0; car < cars; car++) {
            List<String> lines = new ArrayList<>();
            List<Tuple4<Integer, Integer, Double, Long>> window = new ArrayList<>();
            Tuple4<Integer, Integer, Double, Long> lastFired = null;
            CarModel.CarState state = CarModel.CarState.initial(car);
            for (long step = 0; step < eventsPerCar; step++) {
                state = model.advance(state);
                Tuple4<Integer, Integer, Double, Long> event = model.event(state);
                window.add(event);
                if (lastFired == null) {
                    lastFired = event;
                    continue;
                }
                if (event.f2 - lastFired.f2 <= TopSpeedWindowing.TRIGGER_METERS) {
                    continue;
                }
                lastFired = event;
                long newest = window.stream().mapToLong(e -> e.f3).max().orElseThrow();
                for (Iterator<Tuple4<Integer, Integer, Double, Long>> it = window.iterator(); it.hasNext();) {
                    if (it.next().f3 <= newest - windowMillis) {
                        it.remove();
                    }
                }
                Tuple4<Integer, Integer, Double, Long> top = null;
                for (Tuple4<Integer, Integer, Double, Long> e : window) {
                    if (top == null || e.f1 > top.f1) {
                        top = e;
                    }
                }
                lines.add(top.toString());
            }
            out.put(car, lines);
        }
        return out;
    }

    /** Groups output lines {@code (car,speed,distance,ts)} by car, keeping their order. */
    static Map<Integer, List<String>> byCar(List<String> lines) {
        Map<Integer, List<String>> out = new LinkedHashMap<>();
        for (String line : lines) {
            String body = line.substring(line.indexOf('(') + 1);
            int car = Integer.parseInt(body.substring(0, body.indexOf(',')));
            out.computeIfAbsent(car, c -> new ArrayList<>()).add(line.substring(line.indexOf('(')));
        }
        return out;
    }
}
