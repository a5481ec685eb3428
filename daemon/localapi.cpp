#include "localapi.h"

#include "apiserver/apiserver.h"
#include "apiserver/httpserver.h"

#include <QHostAddress>

#include <algorithm>
#include <deque>

namespace tugboat::daemon {

namespace {

class LocalCallImpl;
struct Dispatcher;

// The caller's end of one exchange: lives on the caller's thread, where the exchange posts its answer,
// and hands it to the receiver while the receiver's context lives. It deletes itself once the answer is
// complete or the caller closes the call.
class LocalPeer final : public apiserver::HttpPeer {
public:
    LocalPeer(QObject *context, client::LocalReceiver *receiver, std::weak_ptr<LocalCallImpl> call)
        : m_context(context)
        , m_receiver(receiver)
        , m_call(std::move(call))
    {}

    void sendResponse(apiserver::HttpExchange *, apiserver::HttpResponse response) override
    {
        client::HeaderList headers = std::move(response.headers);
        headers.append({"content-type", response.contentType});
        done();
        if (client::LocalReceiver *r = receiver())
            r->localResponse(response.status, headers, response.body);
        deleteLater();
    }
    void sendStreamHead(apiserver::HttpExchange *, int status, const QByteArray &) override
    {
        if (client::LocalReceiver *r = receiver())
            r->localStreamHead(status);
    }
    void sendChunk(apiserver::HttpExchange *, const QByteArray &data) override
    {
        if (client::LocalReceiver *r = receiver())
            r->localChunk(data);
    }
    void sendStreamEnd(apiserver::HttpExchange *) override
    {
        done();
        if (client::LocalReceiver *r = receiver())
            r->localStreamEnd();
        deleteLater();
    }

    // The caller has gone: deliver nothing more.
    void detach() { m_context = nullptr; }

private:
    client::LocalReceiver *receiver() const { return m_context ? m_receiver : nullptr; }
    void done();

    QPointer<QObject> m_context;
    client::LocalReceiver *m_receiver;
    std::weak_ptr<LocalCallImpl> m_call;
};

// One request: queued until the dispatcher lets it go, then an exchange until its answer or close().
class LocalCallImpl final : public client::LocalCall, public std::enable_shared_from_this<LocalCallImpl> {
public:
    LocalCallImpl(std::shared_ptr<Dispatcher> dispatcher, apiserver::HttpRequest request, QObject *context,
                  client::LocalReceiver *receiver, bool stream)
        : m_dispatcher(std::move(dispatcher))
        , m_request(std::move(request))
        , m_context(context)
        , m_receiver(receiver)
        , m_stream(stream)
    {}

    bool isStream() const { return m_stream; }
    void start(apiserver::ApiServer &api);
    void close() override;
    void answered(); // by the peer, once the whole answer was delivered

private:
    std::shared_ptr<Dispatcher> m_dispatcher;
    apiserver::HttpRequest m_request;
    QPointer<QObject> m_context;
    client::LocalReceiver *m_receiver;
    bool m_stream;
    bool m_done = false;
    apiserver::HttpExchangePtr m_exchange;
    QPointer<LocalPeer> m_peer;
};

// Keeps at most maxInFlight requests (watches aside) in the server at once, as a network client's
// connection pool does: the rest wait their turn here instead of meeting the server's in-flight limit.
// Lives on the caller's thread.
struct Dispatcher {
    explicit Dispatcher(apiserver::ApiServer &server)
        : api(server)
    {}

    void submit(const std::shared_ptr<LocalCallImpl> &call)
    {
        if (call->isStream() || inFlight < maxInFlight) {
            inFlight += call->isStream() ? 0 : 1;
            call->start(api);
        } else {
            waiting.push_back(call);
        }
    }
    void release(const LocalCallImpl *call, bool started)
    {
        if (!started) {
            waiting.erase(std::remove_if(waiting.begin(), waiting.end(),
                                         [call](const std::shared_ptr<LocalCallImpl> &w) { return w.get() == call; }),
                          waiting.end());
            return;
        }
        if (call->isStream())
            return;
        --inFlight;
        while (inFlight < maxInFlight && !waiting.empty()) {
            std::shared_ptr<LocalCallImpl> next = std::move(waiting.front());
            waiting.pop_front();
            ++inFlight;
            next->start(api);
        }
    }

    apiserver::ApiServer &api;
    const int maxInFlight = 16;
    int inFlight = 0;
    std::deque<std::shared_ptr<LocalCallImpl>> waiting;
};

void LocalCallImpl::start(apiserver::ApiServer &api)
{
    auto *peer = new LocalPeer(m_context, m_receiver, weak_from_this()); // on the caller's thread
    m_peer = peer;
    m_exchange = std::make_shared<apiserver::HttpExchange>(std::move(m_request), QPointer<apiserver::HttpPeer>(peer));
    api.handle(m_exchange);
}

void LocalCallImpl::answered()
{
    if (m_done)
        return;
    m_done = true;
    m_exchange.reset();
    m_dispatcher->release(this, true);
}

// Called on the caller's thread, where the peer lives.
void LocalCallImpl::close()
{
    if (m_done)
        return;
    m_done = true;
    const bool started = bool(m_exchange);
    if (m_exchange)
        m_exchange->markClosed(); // a watch streaming to it stops
    m_exchange.reset();
    // Nothing more is delivered (exchanges post through the peer's mailbox, which its deletion closes).
    if (m_peer) {
        m_peer->detach();
        m_peer->deleteLater();
    }
    m_dispatcher->release(this, started);
}

void LocalPeer::done()
{
    if (std::shared_ptr<LocalCallImpl> call = m_call.lock())
        call->answered();
}

bool isStream(const client::LocalRequest &request)
{
    const auto on = [&](const char *name) {
        const QString v = request.query.queryItemValue(QLatin1String(name));
        return v == QLatin1String("true") || v == QLatin1String("1");
    };
    return on("watch") || on("follow");
}

} // namespace

client::LocalServer localServerFor(apiserver::ApiServer &api)
{
    auto dispatcher = std::make_shared<Dispatcher>(api);
    return [dispatcher](client::LocalRequest request, QObject *context,
                        client::LocalReceiver *receiver) -> std::shared_ptr<client::LocalCall> {
        const bool stream = isStream(request);
        apiserver::HttpRequest http;
        http.method = std::move(request.method);
        http.path = std::move(request.path);
        http.query = std::move(request.query);
        http.headers = std::move(request.headers);
        http.body = std::move(request.body);
        http.peer = QHostAddress(QHostAddress::LocalHost);
        http.tls = true; // in process: nothing to eavesdrop on
        auto call = std::make_shared<LocalCallImpl>(dispatcher, std::move(http), context, receiver, stream);
        dispatcher->submit(call);
        return call;
    };
}

} // namespace tugboat::daemon
