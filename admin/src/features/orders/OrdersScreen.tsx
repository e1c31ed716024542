export function OrdersScreen() {
  return (
    <section>
      <h1>Orders</h1>
    </section>
  );
}
