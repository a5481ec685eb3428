// A small etcd v3 client over etcd's JSON gateway (grpc-gateway): unary calls (POST /v3/kv/range,
// /v3/kv/txn, /v3/kv/compaction, ...) and one long-lived watch stream (POST /v3/watch).
//
// Why by hand: Debian 12 packages no C++ etcd v3 client (etcd-cpp-apiv3 would bring gRPC, protobuf code
// generation and cpprestsdk into the build), while the gateway that every etcd serves on its client port
// needs nothing beyond QtNetwork and QJson. Its dialect: JSON with the proto field names
// (create_revision), keys and values base64, int64 fields as JSON strings, enums by name ("DELETE"),
// fields at their default value left out; errors come back as HTTP 4xx/5xx with
// {"error","message","code"} (a gRPC code); a watch answers with a chunked stream of
// {"result":{...}} objects, one per line.
//
// Thread affinity: the client owns a private QThread, on which its QNetworkAccessManagers live (they are
// not thread-safe and need an event loop). call() may be called from any thread, concurrently: it posts
// the request to that thread and blocks until the answer, a failure on every endpoint, or the timeout.
// The watch stream has a QNetworkAccessManager of its own, so it never holds one of the six HTTP/1.1
// connections per host that unary calls share, and its handlers run on the client's thread.
//
// Endpoints are tried in order, starting from the one that answered last; a call moves on to the next
// one when an endpoint is unreachable (for writes only when the request cannot have been sent).
#pragma once

#include "api/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QThread;

Q_DECLARE_LOGGING_CATEGORY(lcEtcd)

namespace tugboat::store {

using api::Error;
using api::ErrorCode;
using api::Result;

// A key-value as etcd reports it (mvccpb.KeyValue).
struct EtcdKeyValue {
    QByteArray key;
    QByteArray value;
    qint64 createRevision = 0;
    qint64 modRevision = 0;
};

// One event of the watch stream. For a deletion, `kv` has the key and the deletion's revision only.
struct EtcdEvent {
    bool deleted = false;
    EtcdKeyValue kv;
    std::optional<EtcdKeyValue> previous; // prev_kv: the key's value before this change
};

class EtcdClientWorker;

class EtcdClient {
public:
    struct Options {
        QStringList endpoints;                   // "HOST:PORT" or "http://HOST:PORT", tried in this order
        int requestTimeoutMs = 10'000;           // one call, all endpoints included
        int watchIdleTimeoutMs = 11 * 60 * 1000; // etcd sends a progress notification every 10 minutes
        int reconnectMinMs = 50;                 // watch reconnect back-off: doubles up to the max
        int reconnectMaxMs = 2'000;
    };

    // Whether a call may be sent to the next endpoint after the request may already have reached one.
    enum class Retry {
        Always,    // reads and other idempotent calls
        IfNotSent, // writes: only when the connection was refused or the host not found
    };

    // What the watch stream reports, on the client's thread. Keep the handlers short: they hold up
    // every unary call while they run.
    struct WatchHandler {
        // Changes, in revision order, each exactly once across reconnects.
        std::function<void(std::vector<EtcdEvent> events)> events;
        // The stream could not resume: etcd compacted the revisions it had not yet delivered. It goes on
        // from compactRevision + 1.
        std::function<void(qint64 compactRevision)> compacted;
        // A progress notification: every change up to `revision` has been delivered.
        std::function<void(qint64 revision)> progress;
    };

    explicit EtcdClient(Options options);
    ~EtcdClient(); // cancels calls in flight (they fail with Unavailable) and stops the stream
    EtcdClient(const EtcdClient &) = delete;
    EtcdClient &operator=(const EtcdClient &) = delete;

    // POST /v3/<path> (e.g. "kv/range") with `request`; returns etcd's JSON answer. Thread-safe;
    // blocks. Errors: Unavailable naming the endpoints when none answers; Timeout when the call takes
    // longer than requestTimeoutMs; Gone for "required revision has been compacted"; Timeout for
    // "required revision is a future revision"; otherwise etcd's message with a code mapped from gRPC's.
    Result<QJsonObject> call(const char *path, const QJsonObject &request, Retry retry);

    // Starts the one watch stream, over the whole key space with prev_kv, from `startRevision`
    // (inclusive). It reconnects by itself, with back-off and fail-over, from the revision after the
    // last one delivered. Call once.
    void startWatch(qint64 startRevision, WatchHandler handler);

    const Options &options() const { return m_options; }

    // The gateway's encodings.
    static QString base64(const QByteArray &bytes);
    static qint64 int64(const QJsonValue &value); // int64 fields arrive as strings
    static qint64 headerRevision(const QJsonObject &response);
    static EtcdKeyValue keyValue(const QJsonObject &kv);
    // The exclusive end of the range of keys starting with `prefix` (etcd's GetPrefixRangeEnd).
    static QByteArray prefixEnd(const QByteArray &prefix);

private:
    Options m_options;
    std::unique_ptr<QThread> m_thread;
    EtcdClientWorker *m_worker = nullptr; // lives on m_thread; deleted after it stopped
};

} // namespace tugboat::store
