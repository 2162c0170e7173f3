//! The draft being typed in comes first.
//!
//! Analyses the writer asked for (open, edit, settings) are *foreground*. Re-checks of
//! other drafts because a paragraph they share changed are *background*: they run one at
//! a time, and only while no foreground analysis is waiting or running. Typing in a
//! paragraph shared by a hundred open drafts used to queue a hundred re-checks in front
//! of the next keystroke's analysis; now the keystroke waits at most for the one re-check
//! already running.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::{Notify, Semaphore, SemaphorePermit};

/// Foreground work in flight, and the single background lane.
pub struct Lanes {
    foreground: AtomicUsize,
    idle: Notify,
    background: Semaphore,
}

impl Default for Lanes {
    fn default() -> Lanes {
        Lanes {
            foreground: AtomicUsize::new(0),
            idle: Notify::new(),
            background: Semaphore::new(1),
        }
    }
}

/// Held while a foreground analysis is scheduled or running.
pub struct Foreground(Arc<Lanes>);

impl Drop for Foreground {
    fn drop(&mut self) {
        if self.0.foreground.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl Lanes {
    /// Marks a foreground analysis as pending until the returned guard is dropped.
    pub fn foreground(self: &Arc<Lanes>) -> Foreground {
        self.foreground.fetch_add(1, Ordering::SeqCst);
        Foreground(Arc::clone(self))
    }

    /// Waits for the background lane and for no foreground work; the lane is held until
    /// the permit is dropped.
    pub async fn background(&self) -> SemaphorePermit<'_> {
        // The semaphore is never closed, so acquiring cannot fail.
        let permit = self
            .background
            .acquire()
            .await
            .expect("background lane semaphore is never closed");
        loop {
            let idle = self.idle.notified();
            tokio::pin!(idle);
            // Registered before the check, so a notification in between is not lost.
            idle.as_mut().enable();
            if self.foreground.load(Ordering::SeqCst) == 0 {
                return permit;
            }
            idle.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn background_work_waits_for_the_foreground_and_runs_one_at_a_time() {
        let lanes = Arc::new(Lanes::default());
        let typing = lanes.foreground();
        let more_typing = lanes.foreground();
        let waiting = {
            let lanes = Arc::clone(&lanes);
            tokio::spawn(async move {
                let _permit = lanes.background().await;
            })
        };
        tokio::time::sleep(Duration::from_millis(30)).await;
        assert!(
            !waiting.is_finished(),
            "ran while two analyses were in flight"
        );
        drop(typing);
        tokio::time::sleep(Duration::from_millis(30)).await;
        assert!(
            !waiting.is_finished(),
            "ran while one analysis was in flight"
        );
        drop(more_typing);
        tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("background work never ran after the foreground finished")
            .unwrap();

        // One background task at a time.
        let first = lanes.background().await;
        let second = {
            let lanes = Arc::clone(&lanes);
            tokio::spawn(async move {
                let _permit = lanes.background().await;
            })
        };
        tokio::time::sleep(Duration::from_millis(30)).await;
        assert!(!second.is_finished(), "two background tasks ran at once");
        drop(first);
        tokio::time::timeout(Duration::from_secs(5), second)
            .await
            .expect("the second background task never ran")
            .unwrap();
    }
}
