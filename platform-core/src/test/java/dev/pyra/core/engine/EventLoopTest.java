package dev.pyra.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class EventLoopTest {
    @Test
    void handlesEventsInArrivalOrderOnOneThreadAndFinishesTheQueueOnClose() {
        EventLoop loop = new EventLoop();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            loop.execute(() -> {
                seen.add(n);
                threads.add(Thread.currentThread().getName());
            });
        }
        loop.close();

        assertThat(seen).hasSize(1000).isSorted();
        assertThat(threads).containsOnly("pyra-engine");
        assertThatThrownBy(() -> loop.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aFailingEventDoesNotStopTheLoop() throws Exception {
        EventLoop loop = new EventLoop();
        loop.execute(() -> {
            throw new IllegalStateException("boom");
        });
        assertThat(loop.submit(() -> 42).get()).isEqualTo(42);
        loop.close();
    }
}
