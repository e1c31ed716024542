export function PeopleScreen() {
  return (
    <section>
      <h1>People</h1>
    </section>
  );
}
