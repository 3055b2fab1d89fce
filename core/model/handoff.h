#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace aftermath::model {

// A bounded hand-over of batches from one producing thread to one consuming thread, so reading
// overlaps the work done on what was read (parsing and SQLite's inserts in an import; SQLite's reads
// and reconstruction in a timeline) on the machine's second core.
template <typename Batch, std::size_t capacity = 4>
class Handoff {
public:
    // Blocks while the queue is full; false when the consumer has given up.
    bool push(Batch&& batch)
    {
        std::unique_lock lock(m_mutex);
        m_notFull.wait(lock, [&] { return m_queue.size() < capacity || m_abandoned; });
        if (m_abandoned)
            return false;
        m_queue.push_back(std::move(batch));
        m_notEmpty.notify_one();
        return true;
    }
    // No more batches will come.
    void close()
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_notEmpty.notify_all();
    }
    // The consumer stops taking batches (it failed); the producer's next push returns false.
    void abandon()
    {
        std::lock_guard lock(m_mutex);
        m_abandoned = true;
        m_queue.clear();
        m_notFull.notify_all();
    }
    // The next batch; nullopt once closed and drained.
    std::optional<Batch> pop()
    {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait(lock, [&] { return !m_queue.empty() || m_closed; });
        if (m_queue.empty())
            return std::nullopt;
        Batch batch = std::move(m_queue.front());
        m_queue.pop_front();
        m_notFull.notify_one();
        return batch;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::deque<Batch> m_queue;
    bool m_closed = false;
    bool m_abandoned = false;
};

} // namespace aftermath::model
