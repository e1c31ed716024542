export function MenuScreen() {
  return (
    <section>
      <h1>Menu</h1>
    </section>
  );
}
