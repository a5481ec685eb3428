// The client of a Kubernetes API server (tugboatd or a real one): every verb the engine and the
// consoles use, asynchronous, over HTTP/1.1 with the kubeconfig's TLS and credentials.
//
// Resources are named by api::ResourceInfo (core/api/kinds.h; discovery fills in ones Tugboat does not
// know), and paths are built from it as Kubernetes lays them out:
//   /api/v1/namespaces/default/pods/web/log    /apis/apps/v1/deployments (all namespaces)
// Nothing on these paths is Tugboat-specific.
//
// Results: each verb takes a Callback that receives an api::Result (see clienttypes.h for when it
// runs) and returns a Call to cancel it. Failures carry the server's Status as an api::Error (code,
// reason, message such as `deployments.apps "web" not found`, field causes); see apirequest.h for
// network errors, timeouts and which requests are retried. Command-line tools may wait on a call with
// callBlocking() (blocking.h).
//
// Namespaces: `ns` names the namespace of namespaced resources and is ignored for cluster-scoped ones.
// For lists, watches and removeCollection an empty `ns` means all namespaces; create, update and apply
// fall back on the object's metadata.namespace; otherwise a namespaced verb without one fails with
// BadRequest.
//
// Thread affinity: an ApiClient lives on one thread, which must run an event loop; call it and
// receive its callbacks there. Destroying it cancels what is in flight without calling back (never
// destroy it from inside one of its callbacks; use deleteLater()). Other threads use their own client.
#pragma once

#include "clienttypes.h"
#include "kubeconfig.h"

#include <QObject>
#include <QUrlQuery>
#include <memory>
#include <optional>

namespace tugboat::client {

namespace detail {
class Transport;
struct RequestSpec;
struct HttpResult;
} // namespace detail

class ApiClient : public QObject {
    Q_OBJECT
public:
    explicit ApiClient(const ClientConfig &config, ClientOptions options = {}, QObject *parent = nullptr);
    ~ApiClient() override;

    // Why this client cannot send requests (bad server URL, CA data or client key), if so. Every
    // request then fails with this error.
    const std::optional<api::Error> &configError() const;
    // The server's URL, e.g. https://127.0.0.1:6443.
    QString server() const;
    // The kubeconfig context's namespace ("default" unless it sets one), for callers that want it.
    QString defaultNamespace() const { return m_defaultNamespace; }

    // Kubernetes' REST paths.
    static QString groupVersionPath(const api::ResourceInfo &resource); // "/api/v1", "/apis/apps/v1"
    static QString collectionPath(const api::ResourceInfo &resource, const QString &ns);
    static QString objectPath(const api::ResourceInfo &resource, const QString &ns, const QString &name,
                              const QString &subresource = {});

    // --- reads (retried on retryable failures)
    Call get(const api::ResourceInfo &resource, const QString &ns, const QString &name, Callback<api::ObjectPtr> done);
    // One page; follow ObjectList::continueToken with ListOptions::continueToken for the next.
    Call list(const api::ResourceInfo &resource, const QString &ns, const ListOptions &options,
              Callback<ObjectList> done);
    // Every page, concatenated. When the server expires the continue token midway (410), the list
    // starts over without paging, as client-go's pager does.
    Call listAll(const api::ResourceInfo &resource, const QString &ns, const ListOptions &options,
                 Callback<ObjectList> done);

    // --- writes (results are the object as stored)
    Call create(const api::ResourceInfo &resource, const QString &ns, const api::Object &object,
                const WriteOptions &options, Callback<api::ObjectPtr> done);
    // PUT of the whole object; its metadata.resourceVersion is the precondition (Conflict if stale).
    Call update(const api::ResourceInfo &resource, const QString &ns, const api::Object &object,
                const WriteOptions &options, Callback<api::ObjectPtr> done);
    // PUT to the status subresource: only status (and labels/annotations) change.
    Call updateStatus(const api::ResourceInfo &resource, const QString &ns, const api::Object &object,
                      const WriteOptions &options, Callback<api::ObjectPtr> done);
    // `patch` is the patch document: JSON for Merge/Strategic/Apply, a JSON array for Json.
    Call patch(const api::ResourceInfo &resource, const QString &ns, const QString &name, PatchType type,
               const QByteArray &patch, const PatchOptions &options, Callback<api::ObjectPtr> done);
    // Server-side apply of `object` (PatchType::Apply); options.fieldManager is required.
    Call apply(const api::ResourceInfo &resource, const QString &ns, const api::Object &object,
               const PatchOptions &options, Callback<api::ObjectPtr> done);
    // DELETE. The result is what the server answers: the object (being deleted, or as it was), or a
    // Status with status "Success".
    Call remove(const api::ResourceInfo &resource, const QString &ns, const QString &name, const DeleteOptions &options,
                Callback<api::ObjectPtr> done);
    // DELETE of every object the selectors match (deletecollection).
    Call removeCollection(const api::ResourceInfo &resource, const QString &ns, const ListOptions &selection,
                          const DeleteOptions &options, Callback<void> done);

    // --- subresources
    // The autoscaling/v1 Scale of a Deployment or ReplicaSet.
    Call getScale(const api::ResourceInfo &resource, const QString &ns, const QString &name,
                  Callback<api::ObjectPtr> done);
    // Sets spec.replicas through the scale subresource (unconditionally, as `kubectl scale` does).
    Call updateScale(const api::ResourceInfo &resource, const QString &ns, const QString &name, int replicas,
                     Callback<api::ObjectPtr> done);
    // POST of `object` to a subresource of the object `name` (pods/binding, pods/eviction). The result
    // is what the server answers: for a binding, a Status with status "Success".
    Call createSubresource(const api::ResourceInfo &resource, const QString &ns, const QString &name,
                           const QString &subresource, const api::Object &object, const WriteOptions &options,
                           Callback<api::ObjectPtr> done);
    // A subresource answered with text (pods/log without follow, ...), whole.
    Call getText(const api::ResourceInfo &resource, const QString &ns, const QString &name, const QString &subresource,
                 const QUrlQuery &query, Callback<QByteArray> done);
    // A container's log. `onData` gets the bytes as they arrive (with follow, for as long as the
    // container runs); `onEnd` once, ok when the server ended the stream.
    Call logs(const QString &ns, const QString &pod, const LogOptions &options,
              std::function<void(const QByteArray &)> onData, Callback<void> onEnd);

    // --- watches
    // Events as they arrive, in order. An ERROR event (e.g. 410 Expired: the resourceVersion is older
    // than the server's history) is passed to `onEvent` too. `onEnd` is called once: ok when the
    // server ended the stream cleanly (timeoutSeconds), the ERROR's Error when one came, else why the
    // stream failed (an error status, a broken connection, a malformed event).
    Call watch(const api::ResourceInfo &resource, const QString &ns, const WatchOptions &options,
               std::function<void(const WatchEvent &)> onEvent, Callback<void> onEnd);

    // A GET of any path below the server URL, answered whole (`kubectl get --raw`). Retried as reads are.
    Call getRaw(const QString &path, const QUrlQuery &query, Callback<QByteArray> done);

    // --- discovery
    Call serverVersion(Callback<ServerVersion> done);
    // Every resource of every group-version (legacy discovery: /api, /apis, then each group-version).
    Call serverResources(Callback<DiscoveredResources> done);

signals:
    // A Warning header from the server (deprecations, unknown fields under fieldValidation=Warn).
    void warningReceived(const QString &text);

private:
    using Handler = std::function<void(api::Result<detail::HttpResult>)>;
    Call send(detail::RequestSpec spec, Handler handler);
    Call stream(detail::RequestSpec spec, std::function<api::Result<void>(const QByteArray &)> chunk, Handler handler);
    Call failLater(api::Error error, Handler handler);
    Call write(const api::ResourceInfo &resource, const QString &ns, const api::Object &object,
               const QString &subresource, const QByteArray &method, const WriteOptions &options,
               Callback<api::ObjectPtr> done);
    void emitWarnings(const detail::HttpResult &result);

    detail::Transport *m_transport;
    QString m_defaultNamespace;
};

} // namespace tugboat::client
