import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import type { SiteDefaults } from '../../../src/contracts';
import { adminApi } from '../../shared/api';
import { SaveStatus, useVersionedForm, VersionedFormPage, type VersionedFormProps } from '../../shared/VersionedFormPage';
import { Section } from '../../shared/ui';
import { useFieldHighlight } from '../../shared/fieldHighlight';
import { DorEditor, ListInput, NumberInput, PercentsEditor, WorkTypeRulesEditor } from '../../shared/forms';
import { useT } from '../../shared/i18n';

export function App() {
  const { t } = useT();
  return (
    <VersionedFormPage
      loadMe={() => adminApi('whoAmI')}
      loadData={() => adminApi('getSiteDefaults')}
      loadingLabel={t('admin.loadingSiteDefaults')}
      renderForm={(me, data, form) => (
        <DefaultsForm defaults={data.defaults} version={data.version} canAdminister={me.can.administer} {...form} />
      )}
    />
  );
}

function DefaultsForm({
  defaults,
  version,
  canAdminister,
  ...form
}: {
  defaults: SiteDefaults;
  version: number;
  canAdminister: boolean;
} & VersionedFormProps) {
  const { t } = useT();
  const { value, update, saving, saved, error, save } = useVersionedForm(defaults, form, (value) =>
    adminApi('saveSiteDefaults', { defaults: value, baseVersion: version }),
  );
  useFieldHighlight(error);
  const disabled = !canAdminister;
  const sum = value.workTypes.reduce((t, w) => t + (value.defaultAllocation[w.id] ?? 0), 0);
  return (
    <main style={{ padding: `${token('space.200')} ${token('space.300')}`, color: token('color.text'), maxWidth: 1100 }}>
      <Heading size="large" as="h1">{t('admin.backlogBalanceSiteDefaults')}</Heading>
      <p style={{ color: token('color.text.subtle') }}>
        {t('admin.newTeamProjectsStart')} {disabled ? t('admin.onlyJiraAdministratorsCanChange') : ''}
      </p>
      <Section id="work-types" title={t('admin.workTypesAndRules')}>
        <WorkTypeRulesEditor fieldRoot="defaults" disabled={disabled} workTypes={value.workTypes} rules={value.workTypeRules} defaultWorkType={value.defaultWorkType} onChange={(n) => update({ workTypes: n.workTypes, workTypeRules: n.rules, defaultWorkType: n.defaultWorkType })} />
      </Section>
      <Section id="allocation" title={t('admin.defaultAllocation')}>
        <PercentsEditor field="defaults.defaultAllocation" workTypes={value.workTypes} value={value.defaultAllocation} disabled={disabled} onChange={(defaultAllocation) => update({ defaultAllocation })} />
        <label style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', marginTop: token('space.100') }}>
          <input type="checkbox" disabled={disabled} checked={value.flowUnusedSlice} onChange={(e) => update({ flowUnusedSlice: e.target.checked })} />
          {t('admin.letUnusedSliceCapacityFlow')}
        </label>
      </Section>
      <Section id="refinement" title={t('admin.refinementDefaults')}>
        <div style={{ display: 'grid', gridTemplateColumns: 'minmax(260px, 1fr) 2fr', gap: token('space.300') }}>
          <DorEditor value={value.dor} disabled={disabled} onChange={(dor) => update({ dor })} />
          <div style={{ display: 'flex', gap: token('space.150'), flexWrap: 'wrap', alignContent: 'start' }}>
            <NumberInput field="defaults.splitLimit.fractionOfCapacity" label={t('admin.splitAboveShareOfCapacity')} min={0.1} max={1} step={0.05} disabled={disabled} value={value.splitLimit.fractionOfCapacity} onChange={(v) => update({ splitLimit: { ...value.splitLimit, fractionOfCapacity: v ?? 0.5 } })} />
            <NumberInput field="defaults.splitLimit.maxPoints" label={t('admin.splitAbovePoints')} min={1} disabled={disabled} value={value.splitLimit.maxPoints} onChange={(v) => update({ splitLimit: { ...value.splitLimit, maxPoints: v } })} />
            <NumberInput field="defaults.staleDays" label={t('admin.staleAfterDays')} min={1} disabled={disabled} value={value.staleDays} onChange={(v) => update({ staleDays: v ?? 180 })} />
            <NumberInput field="defaults.planIterations" label={t('admin.iterationsToPlan')} min={1} max={6} disabled={disabled} value={value.planIterations} onChange={(v) => update({ planIterations: v ?? 2 })} />
          </div>
        </div>
      </Section>
      <Section
        id="editors"
        title={t('admin.whoMayEditAllocations')}
        description={t('admin.projectAdminsAlwaysMayAdd')}
      >
        <div style={{ display: 'flex', gap: token('space.200'), flexWrap: 'wrap' }}>
          <ListInput field="defaults.editors.groups" label={t('admin.groups')} disabled={disabled} value={value.editors.groups} onChange={(groups) => update({ editors: { ...value.editors, groups } })} />
          <ListInput field="defaults.editors.roles" label={t('admin.rolesAdministratorsOnly')} disabled={disabled} value={value.editors.roles} onChange={(roles) => update({ editors: { ...value.editors, roles } })} />
          <ListInput field="defaults.programProjects" label={t('admin.programProjects')} disabled={disabled} value={value.programProjects} onChange={(programProjects) => update({ programProjects })} />
        </div>
      </Section>
      <div style={{ marginTop: token('space.300'), display: 'grid', gap: token('space.100') }}>
        <SaveStatus error={error} saved={saved} savedText={t('admin.defaultsSaved')} onReload={form.onReload} />
        <div>
          <Button appearance="primary" isDisabled={disabled || sum !== 100} isLoading={saving} onClick={() => void save()}>
            {t('admin.saveDefaults')}
          </Button>
        </div>
      </div>
    </main>
  );
}
