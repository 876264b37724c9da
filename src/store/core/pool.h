// A fixed set of connections lent one at a time (the stores' reader pools): a caller waits
// while every one is out. Thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace charter::store_core {

template <class Conn>
class Pool {
 public:
  void add(std::unique_ptr<Conn> conn) {
    std::lock_guard lock(mu_);
    idle_.push_back(conn.get());
    all_.push_back(std::move(conn));
  }
  // Closes them all. REQUIRES: no lease is out.
  void clear() {
    std::lock_guard lock(mu_);
    idle_.clear();
    all_.clear();
  }

  // One connection, returned to the pool when the lease ends.
  class Lease {
   public:
    explicit Lease(Pool& pool) : pool_(pool) {
      std::unique_lock lock(pool_.mu_);
      pool_.cv_.wait(lock, [&] { return !pool_.idle_.empty(); });
      conn_ = pool_.idle_.back();
      pool_.idle_.pop_back();
    }
    ~Lease() {
      {
        std::lock_guard lock(pool_.mu_);
        pool_.idle_.push_back(conn_);
      }
      pool_.cv_.notify_one();
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Conn& operator*() const { return *conn_; }
    Conn* operator->() const { return conn_; }

   private:
    Pool& pool_;
    Conn* conn_ = nullptr;
  };

 private:
  std::vector<std::unique_ptr<Conn>> all_;
  std::vector<Conn*> idle_;
  std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace charter::store_core
