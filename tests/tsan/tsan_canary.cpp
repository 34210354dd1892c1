// Built only under ThreadSanitizer, and expected to be caught: a real data race in our own code,
// between a slot that a worker thread's event loop runs and the main thread. It proves that the
// options the engine tests run under (ignore_noninstrumented_modules=1, which mutes Qt's own
// uninstrumented internals) still report races in code like ours.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    long counter = 0; // deliberately unguarded
    QThread worker;
    QTimer ticker;
    ticker.setInterval(1);
    ticker.moveToThread(&worker);
    QObject::connect(&ticker, &QTimer::timeout, &ticker, [&counter] { ++counter; });
    QObject::connect(&worker, &QThread::started, &ticker, qOverload<>(&QTimer::start));
    worker.start();
    QElapsedTimer elapsed;
    elapsed.start();
    long seen = 0;
    while (elapsed.elapsed() < 300)
        seen += counter;
    QMetaObject::invokeMethod(&ticker, &QTimer::stop, Qt::BlockingQueuedConnection);
    worker.quit();
    worker.wait();
    return seen >= 0 ? 0 : 1;
}
