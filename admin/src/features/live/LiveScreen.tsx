/** Placeholder: live operations (queue length, orders per minute, station load) are built on their own branch. */
export function LiveScreen() {
  return (
    <section>
      <h1>Live operations</h1>
      <p className="muted">The live queue, orders per minute and station load are coming here soon.</p>
    </section>
  );
}
