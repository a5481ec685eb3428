// The values ApiClient's verbs take and give: options per verb, lists, watch events, and Call, the
// handle of a request in flight.
//
// Plain values; Call is used on the ApiClient's thread only.
#pragma once

#include "api/kinds.h"
#include "api/object.h"
#include "api/result.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <functional>
#include <optional>

namespace tugboat::client {

// How an ApiClient behaves on the wire; the defaults suit controllers and consoles alike.
struct ClientOptions {
    int requestTimeoutMs = 30'000; // each attempt of a request that is not a stream; 0: no limit
    int maxRetries = 4;            // further attempts after a retryable failure (see apirequest.h)
    int initialBackoffMs = 250;    // first retry delay, doubling (with jitter) up to maxBackoffMs
    int maxBackoffMs = 8'000;
    int maxRetryAfterSeconds = 60; // a server asking to wait longer fails the request instead
    // Streams (watches, log follows) hold an HTTP/1.1 connection each. QNetworkAccessManager opens at
    // most six per host and queues the rest, so streams get managers of their own, this many each,
    // and never starve ordinary requests.
    int streamsPerManager = 4;
    QString userAgent = QStringLiteral("tugboat/0.1 (linux)");
};

// Completion of an asynchronous verb: called exactly once on the ApiClient's thread, never from
// inside the call that started it, and not at all once the Call was cancelled or the client destroyed.
template <typename T> using Callback = std::function<void(api::Result<T>)>;

namespace detail {
// Something in flight that can be cancelled: one request, or a sequence of them (paged lists,
// discovery). Owned by the client; deletes itself once finished.
class Operation : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    // Stops the operation; its callbacks are not called afterwards.
    virtual void cancel() = 0;
    bool isFinished() const { return m_finished; }

protected:
    bool m_finished = false;
};
} // namespace detail

// The handle of a request in flight. Copyable; all copies refer to the same request. Default
// constructed or finished handles are inactive, and cancel() on them does nothing.
class Call {
public:
    Call() = default;
    explicit Call(detail::Operation *operation)
        : m_operation(operation)
    {}

    // Aborts the request; its callbacks are not called afterwards.
    void cancel()
    {
        if (m_operation)
            m_operation->cancel();
    }
    bool isActive() const { return m_operation && !m_operation->isFinished(); }

private:
    QPointer<detail::Operation> m_operation;
};

struct ListOptions {
    QString labelSelector; // "app=web,tier!=db"
    QString fieldSelector; // "metadata.name=web"
    int limit = 0;         // page size; 0: everything at once
    QString continueToken; // from the previous page's ObjectList::continueToken
    // "" (the latest, read from the store), "0" (any, a cache may answer) or a version; with
    // resourceVersionMatch "Exact" or "NotOlderThan" as Kubernetes defines them.
    QString resourceVersion;
    QString resourceVersionMatch;
};

struct ObjectList {
    QList<api::ObjectPtr> items; // with kind and apiVersion filled in (Kubernetes leaves them out of items)
    QString resourceVersion;     // the list's: where a watch that follows it starts
    QString continueToken;       // empty on the last page
    std::optional<qint64> remainingItemCount;
};

struct WatchOptions {
    QString labelSelector;
    QString fieldSelector;
    QString resourceVersion;    // changes after this one; "" or "0": the current objects as ADDED first
    bool allowBookmarks = true; // ask for BOOKMARK events (servers may send them or not)
    int timeoutSeconds = 0;     // ask the server to end the stream cleanly after this long; 0: its default
};

struct WatchEvent {
    enum class Type { Added, Modified, Deleted, Bookmark, Error };
    Type type = Type::Added;
    // Added/Modified: the new object; Deleted: its last state; Bookmark: an object carrying only
    // metadata.resourceVersion; Error: the Status.
    api::ObjectPtr object;
    api::Error error; // Error events: the Status as an Error (code, reason, message)
};

QString eventTypeName(WatchEvent::Type type); // "ADDED", "MODIFIED", ...

// Options every write takes.
struct WriteOptions {
    bool dryRun = false;     // dryRun=All: validated and answered, not stored
    QString fieldManager;    // who makes the change (managedFields)
    QString fieldValidation; // "Strict", "Warn", "Ignore"; empty: the server's default
};

enum class PatchType {
    Merge,     // RFC 7386, application/merge-patch+json
    Json,      // RFC 6902, application/json-patch+json
    Strategic, // Kubernetes' strategic merge, application/strategic-merge-patch+json
    Apply,     // server-side apply, application/apply-patch+yaml (needs a fieldManager)
};

struct PatchOptions : WriteOptions {
    bool force = false;  // apply only: take over fields other managers own
    QString subresource; // "status", "scale"; empty: the object itself
};

struct DeleteOptions {
    QString propagationPolicy; // "Background", "Foreground", "Orphan"; empty: the resource's default
    std::optional<qint64> gracePeriodSeconds;
    QString preconditionUid;             // delete only this incarnation of the name
    QString preconditionResourceVersion; // delete only if unchanged since
    bool dryRun = false;
};

struct LogOptions {
    QString container;               // empty: the pod's only container
    bool follow = false;             // keep streaming new lines until the container ends
    std::optional<qint64> tailLines; // the last N lines only
    std::optional<qint64> sinceSeconds;
    std::optional<qint64> limitBytes;
    bool timestamps = false;
    bool previous = false; // the previous, terminated instance of the container
};

struct ServerVersion {
    QString major;
    QString minor; // "33"; may carry a "+" on managed clusters ("27+")
    QString gitVersion;
    QString platform;
};

// Legacy discovery of every group-version the server serves.
struct DiscoveredResources {
    QList<api::ResourceInfo> resources; // subresources folded into their resource's `subresources`
    // Group-versions whose discovery failed (an aggregated API that is down), with why. The rest are
    // still returned, as kubectl does.
    QList<std::pair<QString, api::Error>> failedGroupVersions;
};

} // namespace tugboat::client
